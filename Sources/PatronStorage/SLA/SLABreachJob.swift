import Foundation
import PatronCore

/// `tickets.sla_breaches`: every minute, marks the targets that came due breached (once each) and has the
/// ticket module escalate them.
public struct SLABreachJob: Job {
    let sla: SLAService
    public let interval: TimeInterval
    public let name = "tickets.sla_breaches"
    static let caller = Caller.system("SLA breach job")

    public init(sla: SLAService, interval: TimeInterval = 60) {
        self.sla = sla
        self.interval = interval
    }

    public func run(at now: Date) async throws -> JobReport {
        JobReport(try await sla.recordBreaches(at: now, by: Self.caller).summary)
    }
}
