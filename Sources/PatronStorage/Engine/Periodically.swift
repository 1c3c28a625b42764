import Logging
import ServiceLifecycle

/// The loop of a background job: wait `interval`, run `body`, until graceful shutdown. A failed run is logged
/// and the job tries again at the next interval, so one bad hour never stops the server.
func runPeriodically(every interval: Duration, logger: Logger, failure: String, _ body: () async throws -> Void) async {
    while !Task.isShuttingDownGracefully {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        do {
            try await body()
        } catch {
            logger.warning("\(failure)", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
