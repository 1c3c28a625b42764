import Foundation

/// Limits failed sign-ins per client address, so that one machine can neither guess passwords quickly nor
/// lock a colleague (or the only administrator) out by failing on purpose: once an address has failed
/// `failuresAllowed` times within `window`, its further attempts are refused with `tooManyRequests` before
/// they reach the account and its failure count.
///
/// Kept in memory, per server instance: several instances behind a balancer each allow `failuresAllowed`.
/// The table holds at most `capacity` addresses; when it is full, expired windows go first, then the
/// oldest ones, so a flood of addresses costs bounded memory.
public actor AddressThrottle {
    public struct Policy: Sendable, Equatable {
        /// Below the account's `failuresBeforeLock`, so a single address cannot lock an account alone.
        public var failuresAllowed: Int
        public var window: TimeInterval
        public var capacity: Int

        public init(failuresAllowed: Int = 5, window: TimeInterval = 15 * 60, capacity: Int = 10_000) {
            self.failuresAllowed = failuresAllowed
            self.window = window
            self.capacity = capacity
        }
    }

    struct Entry {
        var windowStart: Date
        /// Failures in the window, plus attempts still in flight (see `admit`).
        var count: Int
    }

    public let policy: Policy
    private var entries: [String: Entry] = [:]

    public init(_ policy: Policy) {
        self.policy = policy
    }

    /// Lets an attempt from `address` through, or throws `tooManyRequests` with the seconds until the
    /// window ends. The attempt is counted as a failure in advance, so a burst of concurrent attempts cannot
    /// all pass before the first one fails; `refund` gives the slot back when the attempt did not fail.
    public func admit(_ address: String, now: Date = Date()) throws(PatronError) {
        var entry = entries[address] ?? Entry(windowStart: now, count: 0)
        if now >= entry.windowStart.addingTimeInterval(policy.window) {
            entry = Entry(windowStart: now, count: 0)
        }
        guard entry.count < policy.failuresAllowed else {
            let remaining = entry.windowStart.addingTimeInterval(policy.window).timeIntervalSince(now)
            throw .tooManyRequests(retryAfterSeconds: max(1, Int(remaining.rounded(.up))))
        }
        entry.count += 1
        if entries[address] == nil { makeRoom(now: now) }
        entries[address] = entry
    }

    /// The admitted attempt succeeded or never became a guess (e.g. the hashing queue was full).
    public func refund(_ address: String) {
        guard var entry = entries[address], entry.count > 0 else { return }
        entry.count -= 1
        entries[address] = entry
    }

    /// How many addresses are tracked now.
    public var trackedAddresses: Int { entries.count }

    private func makeRoom(now: Date) {
        guard entries.count >= max(1, policy.capacity) else { return }
        entries = entries.filter { now < $0.value.windowStart.addingTimeInterval(policy.window) }
        guard entries.count >= max(1, policy.capacity) else { return }
        let excess = entries.count - max(1, policy.capacity) + 1 + policy.capacity / 10
        for (address, _) in entries.sorted(by: { $0.value.windowStart < $1.value.windowStart }).prefix(excess) {
            entries[address] = nil
        }
    }
}
