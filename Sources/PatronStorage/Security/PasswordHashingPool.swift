import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PatronCore

/// The threads bcrypt runs on: a small pool of its own, apart from the event loops and from
/// `NIOThreadPool.singleton`, where sqlite-nio runs every libsqlite3 call. A flood of sign-ins therefore
/// queues behind itself and never behind, or in front of, a customer read.
///
/// The queue is bounded: when `threads + queueLimit` jobs are already admitted, a new one is refused with
/// `tooManyRequests` at once instead of waiting for minutes while holding its connection.
public final class PasswordHashingPool: Sendable {
    public let threads: Int
    public let queueLimit: Int
    /// What a refused caller is told to wait.
    public let retryAfterSeconds: Int
    private let pool: NIOThreadPool
    private let admitted = NIOLockedValueBox(0)

    public static let defaultThreads = max(1, min(System.coreCount, 4))
    public static let defaultQueueLimit = 64

    public init(threads: Int = defaultThreads, queueLimit: Int = defaultQueueLimit, retryAfterSeconds: Int = 1) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        self.retryAfterSeconds = max(1, retryAfterSeconds)
        pool = NIOThreadPool(numberOfThreads: self.threads)
        pool.start()
    }

    deinit {
        pool.shutdownGracefully { _ in }
    }

    /// Jobs admitted and not yet finished, running or queued.
    public var load: Int { admitted.withLockedValue { $0 } }

    /// Runs `work` on one of the pool's threads, or throws `tooManyRequests` when the queue is full.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let capacity = threads + queueLimit
        let accepted = admitted.withLockedValue { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
        guard accepted else { throw PatronError.tooManyRequests(retryAfterSeconds: retryAfterSeconds) }
        defer { admitted.withLockedValue { $0 -= 1 } }
        return try await pool.runIfActive(work)
    }

    /// A process-wide pool for command-line tools, which hash a handful of passwords and never serve floods.
    public static let shared = PasswordHashingPool(queueLimit: Int.max / 2)
}
