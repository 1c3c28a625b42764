import Foundation

/// The loyalty programme a chain runs: its tiers and how they are reached and kept, how points are earned,
/// redeemed and expire. It is data, not code, so the marketing team can change it without a release; the
/// ledger engine reads nothing else. Percentages are whole percent (150 = ×1.5) so arithmetic stays exact.
public struct MembershipProgramme: Hashable, Sendable, Codable {
    public var currency: CurrencyCode
    /// The zone in which "end of year" and anniversaries fall, e.g. Asia/Shanghai.
    public var timeZone: String
    /// Lowest first. The first tier has no rule: everyone holds at least it.
    public var tiers: [Tier]
    /// The rolling window over which tier rules are measured.
    public var windowMonths: Int
    public var review: Review
    public var earning: Earning
    public var expiry: Expiry
    public var redemption: Redemption
    public var reversalPolicy: ReversalPolicy

    public init(currency: CurrencyCode, timeZone: String, tiers: [Tier], windowMonths: Int, review: Review, earning: Earning,
                expiry: Expiry, redemption: Redemption, reversalPolicy: ReversalPolicy) {
        self.currency = currency
        self.timeZone = timeZone
        self.tiers = tiers
        self.windowMonths = windowMonths
        self.review = review
        self.earning = earning
        self.expiry = expiry
        self.redemption = redemption
        self.reversalPolicy = reversalPolicy
    }

    public struct Tier: Hashable, Sendable, Codable {
        public var code: String
        public var nameZh: String
        public var nameEn: String
        /// Nil only for the first tier.
        public var qualification: Qualification?
        public var benefits: Benefits

        public init(code: String, nameZh: String, nameEn: String, qualification: Qualification?, benefits: Benefits) {
            self.code = code
            self.nameZh = nameZh
            self.nameEn = nameEn
            self.qualification = qualification
            self.benefits = benefits
        }
    }

    /// Conditions over the rolling window, all of which (`all`) or any of which (`any`) must hold.
    public struct Qualification: Hashable, Sendable, Codable {
        public var match: Match
        public var conditions: [Condition]

        public init(match: Match, conditions: [Condition]) {
            self.match = match
            self.conditions = conditions
        }

        public enum Match: String, Hashable, Sendable, Codable { case all, any }

        public func isMet(by metrics: WindowMetrics) -> Bool {
            switch match {
            case .all: conditions.allSatisfy { metrics[$0.metric] >= $0.atLeast }
            case .any: conditions.contains { metrics[$0.metric] >= $0.atLeast }
            }
        }
    }

    public struct Condition: Hashable, Sendable, Codable {
        public var metric: Metric
        /// Minor units for net spend, a count for orders, points for points earned.
        public var atLeast: Int64

        public init(metric: Metric, atLeast: Int64) {
            self.metric = metric
            self.atLeast = atLeast
        }
    }

    public enum Metric: String, Hashable, Sendable, Codable, CaseIterable {
        /// Paid outside points, less refunds, by order date.
        case netSpend
        /// Orders not wholly refunded.
        case orders
        /// Points earned less points reversed.
        case pointsEarned
    }

    public struct Benefits: Hashable, Sendable, Codable {
        public var pointsMultiplierPercent: Int
        /// Member price reduction in whole percent, applied by the till.
        public var memberDiscountPercent: Int
        public var birthdayBonusPoints: Int64
        public var freeShipping: Bool
        /// Ticket priority boost for service (0 = none, 1 = one level up, 2 = two levels).
        public var servicePriority: Int
        public var eventAccess: Bool

        public init(pointsMultiplierPercent: Int = 100, memberDiscountPercent: Int = 0, birthdayBonusPoints: Int64 = 0,
                    freeShipping: Bool = false, servicePriority: Int = 0, eventAccess: Bool = false) {
            self.pointsMultiplierPercent = pointsMultiplierPercent
            self.memberDiscountPercent = memberDiscountPercent
            self.birthdayBonusPoints = birthdayBonusPoints
            self.freeShipping = freeShipping
            self.servicePriority = servicePriority
            self.eventAccess = eventAccess
        }
    }

    /// Downgrades happen only here: on the anniversary of reaching the tier, after an optional grace period,
    /// by at most `maxLevelsDown` levels.
    public struct Review: Hashable, Sendable, Codable {
        public var everyMonths: Int
        public var graceDays: Int
        public var maxLevelsDown: Int

        public init(everyMonths: Int = 12, graceDays: Int = 30, maxLevelsDown: Int = 1) {
            self.everyMonths = everyMonths
            self.graceDays = graceDays
            self.maxLevelsDown = maxLevelsDown
        }
    }

    public struct Earning: Hashable, Sendable, Codable {
        /// Points per whole currency unit (yuan) paid outside points.
        public var pointsPerUnit: Int
        /// Days before earned points can be spent, e.g. the return window.
        public var pendingDays: Int
        /// Extra multiplier by product category code (a parent's code covers its children); the highest applies.
        public var categoryMultipliers: [String: Int]
        public var campaigns: [Campaign]

        public init(pointsPerUnit: Int = 1, pendingDays: Int = 0, categoryMultipliers: [String: Int] = [:], campaigns: [Campaign] = []) {
            self.pointsPerUnit = pointsPerUnit
            self.pendingDays = pendingDays
            self.categoryMultipliers = categoryMultipliers
            self.campaigns = campaigns
        }
    }

    /// A period of boosted earning ("double points weekend"); when several overlap the highest applies.
    public struct Campaign: Hashable, Sendable, Codable {
        public var name: String
        public var from: Date
        /// Exclusive.
        public var until: Date
        public var multiplierPercent: Int
        /// Empty means every tier.
        public var tiers: [String]

        public init(name: String, from: Date, until: Date, multiplierPercent: Int, tiers: [String] = []) {
            self.name = name
            self.from = from
            self.until = until
            self.multiplierPercent = multiplierPercent
            self.tiers = tiers
        }
    }

    public struct Expiry: Hashable, Sendable, Codable {
        public var rule: Rule
        /// Used by `afterMonths`.
        public var months: Int

        public init(rule: Rule = .endOfFollowingYear, months: Int = 24) {
            self.rule = rule
            self.months = months
        }

        public enum Rule: String, Hashable, Sendable, Codable {
            /// Points earned in 2026 expire at the end of 2027 (in the programme's time zone).
            case endOfFollowingYear
            case afterMonths
            case never
        }
    }

    /// `points` points pay `valueMinor` minor units (100 points = ¥1 by default).
    public struct Redemption: Hashable, Sendable, Codable {
        public var points: Int64
        public var valueMinor: Int64

        public init(points: Int64 = 100, valueMinor: Int64 = 100) {
            self.points = points
            self.valueMinor = valueMinor
        }

        /// Points a payment of `amountMinor` costs, rounded up so points never buy more than their value.
        /// 128-bit intermediates, clamped back, so no amount or programme can trap.
        public func pointsFor(_ amountMinor: Int64) -> Int64 {
            Int64(clamping: (Int128(amountMinor) * Int128(points) + Int128(valueMinor) - 1) / Int128(max(valueMinor, 1)))
        }

        public func valueOf(_ pointCount: Int64) -> Int64 {
            Int64(clamping: Int128(pointCount) * Int128(valueMinor) / Int128(max(points, 1)))
        }
    }

    /// What a refund does when the points it takes back were already spent.
    public enum ReversalPolicy: String, Hashable, Sendable, Codable {
        /// Take what is there; record the rest as a shortfall. The balance never goes below zero.
        case neverNegative
        /// Take it all; the balance may go negative and later earnings pay the debt first.
        case allowNegative
    }
}

/// The three measures tier rules can use, over one window.
public struct WindowMetrics: Hashable, Sendable {
    public var netSpendMinor: Int64 = 0
    public var orders: Int64 = 0
    public var pointsEarned: Int64 = 0

    public init(netSpendMinor: Int64 = 0, orders: Int64 = 0, pointsEarned: Int64 = 0) {
        self.netSpendMinor = netSpendMinor
        self.orders = orders
        self.pointsEarned = pointsEarned
    }

    public subscript(metric: MembershipProgramme.Metric) -> Int64 {
        switch metric {
        case .netSpend: netSpendMinor
        case .orders: orders
        case .pointsEarned: pointsEarned
        }
    }
}
