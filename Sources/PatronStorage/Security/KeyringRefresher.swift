import Logging
import ServiceLifecycle

/// Re-reads the data keys periodically, so that when `patron keys rotate` runs against a shared database every
/// instance starts using (and can read) the new key without a restart.
public struct KeyringRefresher: Service {
    let keyring: Keyring
    let database: Database
    let interval: Duration
    let logger: Logger

    public init(keyring: Keyring, database: Database, interval: Duration = .seconds(30), logger: Logger) {
        self.keyring = keyring
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "could not reload data keys") {
            try await keyring.reload(from: database)
        }
    }
}
