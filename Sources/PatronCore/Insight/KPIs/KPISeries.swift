import Foundation

/// What `GET /analytics/kpis` answers: the series, the range's totals, and the membership position.
public struct KPISeries: Sendable, Equatable {
    public var range: KPIRange
    public var period: KPIPeriod
    public var storeId: Store.ID?
    public var channel: SalesChannel?
    public var currency: CurrencyCode
    public var points: [KPIPoint]
    /// The whole range as one period (active customers and repeaters counted over the whole range).
    public var total: KPIPoint
    public var membership: KPIMembership
    /// When the daily rollup the sums come from was last refreshed; nil before the first refresh.
    public var computedAt: Date?

    public init(range: KPIRange, period: KPIPeriod, storeId: Store.ID?, channel: SalesChannel?, currency: CurrencyCode, points: [KPIPoint],
                total: KPIPoint, membership: KPIMembership, computedAt: Date?) {
        self.range = range
        self.period = period
        self.storeId = storeId
        self.channel = channel
        self.currency = currency
        self.points = points
        self.total = total
        self.membership = membership
        self.computedAt = computedAt
    }
}

/// Tiers and points over the range, of members of the caller's stores (by preferred store). Points and tier
/// moves belong to customers, not to a channel, so a channel filter does not narrow them.
public struct KPIMembership: Sendable, Equatable {
    public struct TierCount: Sendable, Equatable {
        public var tier: String
        public var members: Int64
        public init(tier: String, members: Int64) { self.tier = tier; self.members = members }
    }

    public struct TierMove: Sendable, Equatable {
        public var from: String
        public var to: String
        public var members: Int64
        public init(from: String, to: String, members: Int64) { self.from = from; self.to = to; self.members = members }
    }

    /// Members per tier now.
    public var tiers: [TierCount]
    /// Tier changes recorded in the range, by from and to tier.
    public var moves: [TierMove]
    public var pointsIssued: Int64
    public var pointsRedeemed: Int64
    public var pointsExpired: Int64
    /// The chain's outstanding points now (`GET /membership/liability`); nil for a store-scoped caller.
    public var liability: PointsLiability?

    public init(tiers: [TierCount] = [], moves: [TierMove] = [], pointsIssued: Int64 = 0, pointsRedeemed: Int64 = 0, pointsExpired: Int64 = 0,
                liability: PointsLiability? = nil) {
        self.tiers = tiers
        self.moves = moves
        self.pointsIssued = pointsIssued
        self.pointsRedeemed = pointsRedeemed
        self.pointsExpired = pointsExpired
        self.liability = liability
    }
}
