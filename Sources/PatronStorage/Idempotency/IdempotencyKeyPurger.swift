import Foundation
import Logging
import ServiceLifecycle

/// Deletes idempotency keys past their replay window every hour, so the table holds about one day of
/// requests; a claim also drops its own key's expired use, so a late purge never blocks a request.
public struct IdempotencyKeyPurger: Service {
    let keys: SQLIdempotencyRepository
    let interval: Duration
    let logger: Logger

    public init(database: Database, interval: Duration = .seconds(3_600), logger: Logger) {
        self.keys = SQLIdempotencyRepository(database)
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "idempotency key purge failed; it runs again next interval") {
            let purged = try await keys.purgeExpired(at: Date())
            if purged > 0 { logger.info("expired idempotency keys purged", metadata: ["keys": "\(purged)"]) }
        }
    }
}
