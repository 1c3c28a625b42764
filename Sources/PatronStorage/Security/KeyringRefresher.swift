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
        while !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            do {
                try await keyring.reload(from: database)
            } catch {
                logger.warning("could not reload data keys", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
        }
    }
}
