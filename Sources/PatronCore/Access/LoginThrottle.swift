import Foundation

/// Locks an account after repeated wrong passwords, with a back-off that doubles on every further failure,
/// so guessing stays hopeless while a colleague who mistypes can try again later.
public struct LoginThrottle: Sendable {
    public var failuresBeforeLock: Int
    public var firstLock: TimeInterval
    public var longestLock: TimeInterval

    public init(failuresBeforeLock: Int = 10, firstLock: TimeInterval = 15 * 60, longestLock: TimeInterval = 24 * 3_600) {
        self.failuresBeforeLock = failuresBeforeLock
        self.firstLock = firstLock
        self.longestLock = longestLock
    }

    /// How long to lock after this many consecutive failures; nil while under the threshold.
    public func lockDuration(afterFailures failures: Int) -> TimeInterval? {
        guard failures >= failuresBeforeLock else { return nil }
        let doublings = min(failures - failuresBeforeLock, 20)
        return min(firstLock * pow(2, Double(doublings)), longestLock)
    }
}
