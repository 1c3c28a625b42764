import Foundation

/// Where a customer stands in the programme: the tier earned by buying, a manual override on top, and the
/// dates the engine must act on next.
public struct TierStanding: Hashable, Sendable {
    public var earnedTier: String
    /// When the earned tier was reached.
    public var since: Date?
    /// The next anniversary review; nil on the first tier.
    public var reviewDue: Date?
    /// Set when a review found the tier no longer earned; the review is repeated then.
    public var graceUntil: Date?
    public var override: TierOverride?

    public init(earnedTier: String, since: Date? = nil, reviewDue: Date? = nil, graceUntil: Date? = nil, override: TierOverride? = nil) {
        self.earnedTier = earnedTier
        self.since = since
        self.reviewDue = reviewDue
        self.graceUntil = graceUntil
        self.override = override
    }

    /// The tier the customer enjoys now: the override while it lasts, else the earned one.
    public var tier: String { override?.tier ?? earnedTier }
}

/// A tier set by hand ("VIP guest of the chairman"), with the reason and an optional end, audited.
public struct TierOverride: Hashable, Sendable {
    public var id: UUID
    public var tier: String
    public var reason: String
    public var setAt: Date
    public var until: Date?
    public var setBy: String

    public init(id: UUID = UUID(), tier: String, reason: String, setAt: Date, until: Date?, setBy: String) {
        self.id = id
        self.tier = tier
        self.reason = reason
        self.setAt = setAt
        self.until = until
        self.setBy = setBy
    }
}

/// A manual points correction with its reason; positive adds a lot, negative takes from the soonest-expiring lots.
public struct PointsAdjustment: Hashable, Sendable {
    public var id: UUID
    public var customerId: Customer.ID
    public var points: Int64
    public var reason: String
    public var at: Date
    public var by: String

    public init(id: UUID = UUID(), customerId: Customer.ID, points: Int64, reason: String, at: Date = Date(), by: String) {
        self.id = id
        self.customerId = customerId
        self.points = points
        self.reason = reason
        self.at = at
        self.by = by
    }
}

/// Everything the engine keeps about one customer between events. The incremental path loads it from the
/// database; a rebuild starts from `MemberState.new` and replays.
public struct MemberState: Hashable, Sendable {
    public var customerId: Customer.ID
    public var standing: TierStanding
    /// Lots that still hold points, in the order they were added.
    public var lots: [PointsLot]
    /// Points owed under the `allowNegative` reversal policy.
    public var debt: Int64
    public var balance: Int64
    /// Orders of the customer that bear on membership.
    public var activity: [Order.ID: OrderActivity]
    public var lastEntry: Int
    public var lastTierChange: Int
    /// The latest dated event (expiry, review, override end) the engine acted on; an input dated earlier
    /// arrived too late to be applied on top and needs a replay. Time passing without events changes nothing,
    /// so the expiry job only touches customers with an event due.
    public var advancedTo: Date?
    /// The latest input applied; an input that sorts before it arrived late and needs a replay.
    public var lastInput: MembershipInput.Key?

    public init(customerId: Customer.ID, standing: TierStanding, lots: [PointsLot], debt: Int64, balance: Int64,
                activity: [Order.ID: OrderActivity], lastEntry: Int, lastTierChange: Int, advancedTo: Date?,
                lastInput: MembershipInput.Key? = nil) {
        self.customerId = customerId
        self.standing = standing
        self.lots = lots
        self.debt = debt
        self.balance = balance
        self.activity = activity
        self.lastEntry = lastEntry
        self.lastTierChange = lastTierChange
        self.advancedTo = advancedTo
        self.lastInput = lastInput
    }

    /// Whether `input` can be applied on top of this state, or arrived out of order and needs a replay.
    public func accepts(_ input: MembershipInput) -> Bool {
        (advancedTo.map { input.at >= $0 } ?? true) && (lastInput.map { input.key > $0 } ?? true)
    }

    public static func new(_ customerId: Customer.ID, programme: MembershipProgramme) -> MemberState {
        MemberState(customerId: customerId, standing: TierStanding(earnedTier: programme.tiers[0].code), lots: [], debt: 0, balance: 0,
                    activity: [:], lastEntry: 0, lastTierChange: 0, advancedTo: nil)
    }

    /// Points that can be spent at `date`.
    public func available(at date: Date) -> Int64 {
        lots.filter { $0.availableAt <= date }.reduce(0) { $0 &+ $1.remaining } &- debt
    }

    /// Points earned but still in their pending period at `date`.
    public func pending(at date: Date) -> Int64 {
        lots.filter { $0.availableAt > date }.reduce(0) { $0 &+ $1.remaining }
    }
}

/// A fact that moves a customer's membership, in the order the engine must see them.
public enum MembershipInput: Sendable {
    /// An order with, per line, the category codes of its product (the category and its ancestors).
    case placed(Order, lineCategories: [[String]])
    case refunded(Order, OrderReturn)
    case adjusted(PointsAdjustment)
    case overrideSet(TierOverride)
    case overrideEnded(id: UUID, at: Date, by: String)

    public var at: Date {
        switch self {
        case .placed(let order, _): order.occurredAt
        case .refunded(_, let orderReturn): orderReturn.createdAt
        case .adjusted(let adjustment): adjustment.at
        case .overrideSet(let override): override.setAt
        case .overrideEnded(_, let at, _): at
        }
    }

    /// Orders inputs: by time, ties broken by kind, then by id, so replays are deterministic.
    public struct Key: Hashable, Sendable, Comparable {
        public var at: Date
        public var rank: Int
        public var id: String

        public init(at: Date, rank: Int, id: String) {
            self.at = at
            self.rank = rank
            self.id = id
        }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.at, lhs.rank, lhs.id) < (rhs.at, rhs.rank, rhs.id) }
    }

    public var key: Key {
        switch self {
        case .placed(let order, _): Key(at: order.occurredAt, rank: 0, id: order.id.uuidString.lowercased())
        case .refunded(_, let orderReturn): Key(at: orderReturn.createdAt, rank: 1, id: orderReturn.id.uuidString.lowercased())
        case .adjusted(let adjustment): Key(at: adjustment.at, rank: 2, id: adjustment.id.uuidString.lowercased())
        case .overrideSet(let override): Key(at: override.setAt, rank: 3, id: override.id.uuidString.lowercased())
        case .overrideEnded(let id, let at, _): Key(at: at, rank: 4, id: id.uuidString.lowercased())
        }
    }

    /// The same input with every time rounded to whole microseconds — the precision both databases keep — so
    /// a state computed in memory and one read back from storage are the same to the last digit.
    var atStoragePrecision: MembershipInput {
        switch self {
        case .placed(var order, let categories):
            order.occurredAt = order.occurredAt.atStoragePrecision
            return .placed(order, lineCategories: categories)
        case .refunded(let order, var orderReturn):
            orderReturn.createdAt = orderReturn.createdAt.atStoragePrecision
            var order = order
            order.occurredAt = order.occurredAt.atStoragePrecision
            return .refunded(order, orderReturn)
        case .adjusted(var adjustment):
            adjustment.at = adjustment.at.atStoragePrecision
            return .adjusted(adjustment)
        case .overrideSet(var override):
            override.setAt = override.setAt.atStoragePrecision
            override.until = override.until?.atStoragePrecision
            return .overrideSet(override)
        case .overrideEnded(let id, let at, let by):
            return .overrideEnded(id: id, at: at.atStoragePrecision, by: by)
        }
    }

    public static func chronological(_ inputs: [MembershipInput]) -> [MembershipInput] {
        inputs.map(\.atStoragePrecision).sorted { $0.key < $1.key }
    }
}

extension Date {
    /// Rounded to whole microseconds, as SQLite (sqlite-nio) and PostgreSQL (`TIMESTAMPTZ`) read times back.
    public var atStoragePrecision: Date {
        Date(timeIntervalSinceReferenceDate: (timeIntervalSinceReferenceDate * 1e6).rounded() / 1e6)
    }
}
