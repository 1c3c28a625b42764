import NIOConcurrencyHelpers
import PatronCore

/// Bounds the wait for a database connection, not the work done on it: a pool whose server is gone would
/// otherwise keep a request (and the client behind it) waiting for minutes. `work` calls `started` once it
/// holds a connection; from then on it runs as long as it needs.
enum Deadline {
    /// The task group awaits both children before it returns, so `work` does not outlive the call.
    static func acquiring<T: Sendable>(within limit: Duration, failure: PatronError,
                                       _ work: @Sendable (@escaping @Sendable () -> Void) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(work) { work in
            try await race(work, within: limit, failure: failure)
        }
    }

    private static func race<T: Sendable>(_ work: @escaping @Sendable (@escaping @Sendable () -> Void) async throws -> T,
                                          within limit: Duration, failure: PatronError) async throws -> T {
        let started = NIOLockedValueBox(false)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work { started.withLockedValue { $0 = true } } }
            group.addTask {
                try await Task.sleep(for: limit)
                if !started.withLockedValue({ $0 }) { throw failure }
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }
}
