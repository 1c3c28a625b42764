import Foundation

/// Points earned together, spent and expired together: spending takes the soonest-expiring lots first (ties:
/// earliest earned), and each lot expires on its own date. `remaining` is what is left after consumptions.
public struct PointsLot: Hashable, Sendable {
    /// The sequence number of the ledger entry that created the lot; unique per customer.
    public var number: Int
    public var earnedAt: Date
    /// Before this the points are pending (the return window) and cannot be spent.
    public var availableAt: Date
    public var expiresAt: Date?
    public var points: Int64
    public var remaining: Int64
    public var orderId: Order.ID?

    public init(number: Int, earnedAt: Date, availableAt: Date, expiresAt: Date?, points: Int64, remaining: Int64, orderId: Order.ID?) {
        self.number = number
        self.earnedAt = earnedAt
        self.availableAt = availableAt
        self.expiresAt = expiresAt
        self.points = points
        self.remaining = remaining
        self.orderId = orderId
    }

    /// The order points are spent in: soonest expiry first (never-expiring last), then earliest earned.
    public static func spendingOrder(_ a: PointsLot, _ b: PointsLot) -> Bool {
        let left = a.expiresAt ?? .distantFuture
        let right = b.expiresAt ?? .distantFuture
        if left != right { return left < right }
        return (a.earnedAt, a.number) < (b.earnedAt, b.number)
    }
}

public enum PointsEntryKind: String, Hashable, Sendable, Codable, CaseIterable {
    case earn, redeem, expire, adjust, reverse
}

/// One line of a customer's points statement. The ledger is append-only: a correction is a new entry.
/// `sequence` numbers a customer's entries from 1, so the statement and its ids are the same however often
/// it is rebuilt.
public struct PointsEntry: Hashable, Sendable {
    public var customerId: Customer.ID
    public var sequence: Int
    public var kind: PointsEntryKind
    /// Signed: positive adds to the balance.
    public var points: Int64
    public var at: Date
    public var orderId: Order.ID?
    public var returnId: UUID?
    /// Points a reversal or redemption could not take because they were already spent.
    public var shortfall: Int64
    public var balanceAfter: Int64
    /// Why: the campaign, the staff member's reason, the rule applied.
    public var note: String

    public init(customerId: Customer.ID, sequence: Int, kind: PointsEntryKind, points: Int64, at: Date, orderId: Order.ID? = nil,
                returnId: UUID? = nil, shortfall: Int64 = 0, balanceAfter: Int64, note: String) {
        self.customerId = customerId
        self.sequence = sequence
        self.kind = kind
        self.points = points
        self.at = at
        self.orderId = orderId
        self.returnId = returnId
        self.shortfall = shortfall
        self.balanceAfter = balanceAfter
        self.note = note
    }
}

/// Points of one lot taken by one entry (a redemption, expiry, reversal or deduction). A lot's consumptions
/// add up to `points − remaining`; that is how "no lot is spent twice" is checked.
public struct LotConsumption: Hashable, Sendable {
    public var entrySequence: Int
    public var lotNumber: Int
    public var points: Int64

    public init(entrySequence: Int, lotNumber: Int, points: Int64) {
        self.entrySequence = entrySequence
        self.lotNumber = lotNumber
        self.points = points
    }
}

/// A tier change and its cause, for "why is this customer Gold?".
public struct TierChange: Hashable, Sendable {
    public var customerId: Customer.ID
    public var sequence: Int
    public var at: Date
    public var fromTier: String
    public var toTier: String
    public var cause: Cause
    public var orderId: Order.ID?
    public var note: String

    public init(customerId: Customer.ID, sequence: Int, at: Date, fromTier: String, toTier: String, cause: Cause, orderId: Order.ID?, note: String) {
        self.customerId = customerId
        self.sequence = sequence
        self.at = at
        self.fromTier = fromTier
        self.toTier = toTier
        self.cause = cause
        self.orderId = orderId
        self.note = note
    }

    public enum Cause: String, Hashable, Sendable, Codable, CaseIterable {
        /// An order took the window's measures over a higher tier's threshold.
        case qualifyingOrder = "qualifying_order"
        /// The anniversary review kept the tier.
        case reviewRetained = "review_retained"
        /// The anniversary review found the tier no longer earned; grace began.
        case graceStarted = "grace_started"
        /// The review (after grace) lowered the tier.
        case reviewDowngrade = "review_downgrade"
        case overrideSet = "override_set"
        case overrideEnded = "override_ended"
    }
}

/// What one order means for membership: its spend in the window and the points it earned, kept so refunds
/// can reverse exactly and tier rules can be measured without re-reading orders.
public struct OrderActivity: Hashable, Sendable {
    public var orderId: Order.ID
    public var occurredAt: Date
    /// Paid outside points, less refunds outside points.
    public var netSpendMinor: Int64
    /// False once the order is wholly refunded.
    public var counts: Bool
    public var pointsEarned: Int64
    public var pointsReversed: Int64
    public var nonPointsPaidMinor: Int64
    public var nonPointsRefundedMinor: Int64
    public var pointsRedeemed: Int64
    public var pointsPaidMinor: Int64
    public var pointsRefundedMinor: Int64
    public var pointsCredited: Int64
    /// The lot the order's points went into, taken from first on reversal.
    public var lotNumber: Int?
    /// Where the order's points payment came from, by lot number, while some of it may still be refunded: a
    /// refund restores points with the expiry they had, so buying and returning never renews them.
    public var redeemedFrom: [RedeemedShare]

    public init(orderId: Order.ID, occurredAt: Date, netSpendMinor: Int64, counts: Bool, pointsEarned: Int64, pointsReversed: Int64 = 0,
                nonPointsPaidMinor: Int64, nonPointsRefundedMinor: Int64 = 0, pointsRedeemed: Int64, pointsPaidMinor: Int64,
                pointsRefundedMinor: Int64 = 0, pointsCredited: Int64 = 0, lotNumber: Int?, redeemedFrom: [RedeemedShare] = []) {
        self.orderId = orderId
        self.occurredAt = occurredAt
        self.netSpendMinor = netSpendMinor
        self.counts = counts
        self.pointsEarned = pointsEarned
        self.pointsReversed = pointsReversed
        self.nonPointsPaidMinor = nonPointsPaidMinor
        self.nonPointsRefundedMinor = nonPointsRefundedMinor
        self.pointsRedeemed = pointsRedeemed
        self.pointsPaidMinor = pointsPaidMinor
        self.pointsRefundedMinor = pointsRefundedMinor
        self.pointsCredited = pointsCredited
        self.lotNumber = lotNumber
        self.redeemedFrom = redeemedFrom
    }
}

/// Points a redemption took from one lot, with that lot's dates.
public struct RedeemedShare: Hashable, Sendable {
    public var lotNumber: Int
    public var earnedAt: Date
    public var expiresAt: Date?
    public var points: Int64

    public init(lotNumber: Int, earnedAt: Date, expiresAt: Date?, points: Int64) {
        self.lotNumber = lotNumber
        self.earnedAt = earnedAt
        self.expiresAt = expiresAt
        self.points = points
    }

    /// The order a refund gives points back in: the reverse of spending, so the longest-lived points come
    /// back first.
    static func restoreOrder(_ a: RedeemedShare, _ b: RedeemedShare) -> Bool {
        let left = a.expiresAt ?? .distantFuture
        let right = b.expiresAt ?? .distantFuture
        if left != right { return left > right }
        if a.earnedAt != b.earnedAt { return a.earnedAt > b.earnedAt }
        return a.lotNumber > b.lotNumber
    }
}
