import Foundation

/// Where the scheduler reads the time, so that tests can move it instead of waiting.
public protocol JobClock: Sendable {
    func now() -> Date
}

public struct SystemJobClock: JobClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock tests set by hand.
public final class ManualJobClock: JobClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) {
        current = start
    }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }

    public func set(_ date: Date) {
        lock.withLock { current = date }
    }
}
