import Foundation

/// One page of a customer's timeline, newest first; `nextCursor` is the last entry's position when older
/// entries may follow.
public struct TimelinePage: Sendable, Equatable {
    public var entries: [TimelineEntry]
    public var nextCursor: TimelineCursor?

    public init(entries: [TimelineEntry], nextCursor: TimelineCursor?) {
        self.entries = entries
        self.nextCursor = nextCursor
    }
}

extension TimelineEntry {
    /// The id of a numbered record (a per-customer sequence number) as the timeline shows it: zero-padded to a
    /// fixed width so text order is number order.
    public static func paddedId(_ number: Int) -> String {
        let digits = String(max(0, number))
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }
}
