import Foundation

/// One event in a customer's timeline, from whichever module holds it. Entries are ordered newest first by
/// `(at, kind, id)`, compared as `TimelineCursor` does, so pages never skip or repeat an entry even when
/// several share a time.
public struct TimelineEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case order
        case orderReturn = "return"
        case points
        case tier
        case interaction
        case ticket
        case surveyAnswer = "survey_answer"

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    /// Unique within the kind: a lowercased UUID, or for numbered records a zero-padded number, so that string
    /// order is the order the source's SQL sorts by.
    public var id: String
    public var at: Date
    public var storeId: Store.ID?
    /// A short line for the list (a POS number and amount, a ticket's subject); no personal data beyond what
    /// the record itself shows the caller.
    public var summary: String
    /// Kind-specific details (status, amountMinor, channel, points…), as strings.
    public var attributes: [String: String]

    public init(kind: Kind, id: String, at: Date, storeId: Store.ID? = nil, summary: String, attributes: [String: String] = [:]) {
        self.kind = kind
        self.id = id
        self.at = at
        self.storeId = storeId
        self.summary = summary
        self.attributes = attributes
    }

    public var cursor: TimelineCursor { TimelineCursor(at: at, kind: kind, id: id) }
}

/// A position in a timeline: the last entry of the previous page. The next page holds entries strictly
/// before it in `(at, kind, id)` order.
public struct TimelineCursor: Sendable, Equatable, Comparable {
    public var at: Date
    public var kind: TimelineEntry.Kind
    public var id: String

    public init(at: Date, kind: TimelineEntry.Kind, id: String) {
        self.at = at
        self.kind = kind
        self.id = id
    }

    public static func < (lhs: TimelineCursor, rhs: TimelineCursor) -> Bool {
        if lhs.at != rhs.at { return lhs.at < rhs.at }
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return lhs.id < rhs.id
    }
}

/// A module's entries for the timeline.
public protocol TimelineSource: Sendable {
    /// The customer's entries strictly before `before` (all when nil), newest first, at most `limit`.
    func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry]
}
