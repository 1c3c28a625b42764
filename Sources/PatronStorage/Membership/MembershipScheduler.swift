import Foundation
import Logging
import ServiceLifecycle

/// The expiry job: applies point expiries, tier reviews, grace ends and override ends as their dates pass.
/// Running it on several instances at once is harmless; each customer is advanced under its row lock and an
/// advance already done is a no-op.
public struct MembershipScheduler: Service {
    let membership: SQLMembershipRepository
    let interval: Duration
    let logger: Logger

    public init(database: Database, interval: Duration = .seconds(3_600), logger: Logger) {
        self.membership = SQLMembershipRepository(database)
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "membership job failed; it runs again next interval") {
            let moved = try await membership.advanceAll(to: Date())
            if moved > 0 { logger.info("membership events applied", metadata: ["customers": "\(moved)"]) }
        }
    }
}
