import Foundation

/// The kinds of behavioural tag a customer can carry. The raw values are stable codes: they are stored in
/// `customer_personas.kind`, used in filters (`persona=channel:online`) and shown by the console.
public enum PersonaKind: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    /// Up to three leaf categories by net spend; the value is the category code.
    case category
    /// `budget`, `mid` or `premium`: where the customer's purchases sit on each category's price ladder.
    case price
    /// `store`, `online` or `omnichannel`, from the orders' sales channel.
    case channel
    /// The store with most of the customer's orders; the value is the store code.
    case store
    /// `morning`, `afternoon`, `evening` or `night`, in the store's local time.
    case daypart
    /// `weekday` or `weekend`, in the store's local time.
    case week
    /// `high`, `medium` or `low`: the share of net spend on discounted lines or orders.
    case discount

    public static func < (lhs: PersonaKind, rhs: PersonaKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The fixed values of a kind; nil for the kinds whose values are codes from the catalogue or the stores.
    public var values: [String]? {
        switch self {
        case .category, .store: nil
        case .price: ["budget", "mid", "premium"]
        case .channel: ["store", "online", "omnichannel"]
        case .daypart: ["morning", "afternoon", "evening", "night"]
        case .week: ["weekday", "weekend"]
        case .discount: ["high", "medium", "low"]
        }
    }
}

/// One tag, `kind:value` (`channel:online`, `category:WOMEN`, `store:SH-001`).
public struct PersonaTag: Hashable, Sendable, Comparable {
    public var kind: PersonaKind
    public var value: String

    public init(kind: PersonaKind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// The longest text a tag filter may be, and the longest value (category and store codes are shorter).
    public static let maxLength = 80
    public static let maxValueLength = 64

    /// Reads `kind:value` as a filter names it; `field` names the parameter in the error.
    public init(parsing text: String, field: String = "persona") throws(PatronError) {
        guard text.count <= Self.maxLength, let colon = text.firstIndex(of: ":"),
              let kind = PersonaKind(rawValue: String(text[..<colon])) else {
            throw .invalid(field: field, message: "a persona filter is kind:value, with kind one of \(PersonaKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let value = String(text[text.index(after: colon)...])
        guard (1...Self.maxValueLength).contains(value.count), !value.contains(where: \.isWhitespace) else {
            throw .invalid(field: field, message: "a persona value has 1 to \(Self.maxValueLength) characters and no spaces")
        }
        if let allowed = kind.values, !allowed.contains(value) {
            throw .invalid(field: field, message: "\(kind.rawValue) is one of \(allowed.joined(separator: ", "))")
        }
        self.init(kind: kind, value: value)
    }

    public var text: String { "\(kind.rawValue):\(value)" }

    public static func < (lhs: PersonaTag, rhs: PersonaTag) -> Bool {
        (lhs.kind, lhs.value) < (rhs.kind, rhs.value)
    }
}

/// A tag a customer carries, with the figure that earned it: a share in 0…1 for most kinds, the price index
/// in 0…2 (budget 0, mid 1, premium 2, averaged over units) for `price`.
public struct PersonaScore: Hashable, Sendable {
    public var tag: PersonaTag
    public var score: Double
    public var computedAt: Date

    public init(tag: PersonaTag, score: Double, computedAt: Date) {
        self.tag = tag
        self.score = score
        self.computedAt = computedAt
    }
}

/// How many live customers carry a tag: the console's filter list.
public struct PersonaTagCount: Hashable, Sendable {
    public var tag: PersonaTag
    public var customers: Int

    public init(tag: PersonaTag, customers: Int) {
        self.tag = tag
        self.customers = customers
    }
}

/// What a refresh did.
public struct PersonaRefreshReport: Hashable, Sendable {
    public var customers: Int
    public var tags: Int
    public var computedAt: Date

    public init(customers: Int, tags: Int, computedAt: Date) {
        self.customers = customers
        self.tags = tags
        self.computedAt = computedAt
    }

    public var summary: String { "\(tags) persona tags for \(customers) customers" }
}
