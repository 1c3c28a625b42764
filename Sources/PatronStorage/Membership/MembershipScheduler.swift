import Foundation
import Logging
import PatronCore
import ServiceLifecycle

/// The expiry job: applies point expiries, tier reviews, grace ends and override ends as their dates pass.
/// Running it on several instances at once is harmless; each customer is advanced under its row lock and an
/// advance already done is a no-op. It acts through `MembershipService` as Patron itself, like every job.
public struct MembershipScheduler: Service {
    let membership: MembershipService
    let interval: Duration
    let logger: Logger
    static let caller = Caller.system("membership job")

    public init(membership: MembershipService, interval: Duration = .seconds(3_600), logger: Logger) {
        self.membership = membership
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "membership job failed; it runs again next interval") {
            let moved = try await membership.applyDue(at: Date(), by: Self.caller)
            if moved > 0 { logger.info("membership events applied", metadata: ["customers": "\(moved)"]) }
        }
    }
}
