import Foundation

/// What staff see on a customer's membership page: the tier and why, what it brings, how far the next tier
/// is and by when, and the points position.
public struct MembershipSummary: Hashable, Sendable {
    public var customerId: Customer.ID
    public var tier: MembershipProgramme.Tier
    public var earnedTier: String
    public var since: Date?
    public var reviewDue: Date?
    public var graceUntil: Date?
    public var override: TierOverride?
    public var window: WindowMetrics
    public var windowMonths: Int
    public var progress: TierProgress?
    /// The latest tier change: the reason the customer holds this tier. Nil for a customer on the first tier.
    public var reason: TierChange?
    public var points: PointsPosition
}

public struct PointsPosition: Hashable, Sendable {
    public var balance: Int64
    public var available: Int64
    public var pending: Int64
    /// The next expiry date and how many points lapse then.
    public var nextExpiry: Date?
    public var expiringPoints: Int64
    /// The balance's worth at the redemption rate, in minor units.
    public var valueMinor: Int64
    /// The lots that still hold points, in the order they are spent: every expiry date, not only the next.
    public var lots: [PointsLot]
}

/// The gap to the next tier, measure by measure, and the date by which it must be closed before today's
/// oldest counted order leaves the window.
public struct TierProgress: Hashable, Sendable {
    public var tier: MembershipProgramme.Tier
    public var match: MembershipProgramme.Qualification.Match
    public var gaps: [Gap]
    public var by: Date?
    public var message: String
    public var messageZh: String

    public struct Gap: Hashable, Sendable {
        public var metric: MembershipProgramme.Metric
        public var current: Int64
        public var target: Int64
        public var remaining: Int64
    }
}

extension MembershipEngine {
    /// The summary as of `date`; call `advance(to:)` first so expiries and reviews up to then are applied.
    public func summary(at date: Date, reason: TierChange?) -> MembershipSummary {
        let window = metrics(at: date)
        let tierIndex = programme.tierIndex(state.standing.tier) ?? 0
        let earnedIndex = programme.tierIndex(state.standing.earnedTier) ?? 0
        let open = state.lots.filter { $0.remaining > 0 }
        let nextExpiry = open.compactMap(\.expiresAt).min()
        let expiring = open.filter { $0.expiresAt == nextExpiry && nextExpiry != nil }.reduce(0) { $0 + $1.remaining }
        let points = PointsPosition(balance: state.balance, available: state.available(at: date), pending: state.pending(at: date),
                                    nextExpiry: nextExpiry, expiringPoints: expiring,
                                    valueMinor: programme.redemption.valueOf(max(0, state.balance)),
                                    lots: open.sorted(by: PointsLot.spendingOrder))
        return MembershipSummary(customerId: state.customerId, tier: programme.tiers[tierIndex], earnedTier: state.standing.earnedTier,
                                 since: state.standing.since, reviewDue: state.standing.reviewDue, graceUntil: state.standing.graceUntil,
                                 override: state.standing.override, window: window, windowMonths: programme.windowMonths,
                                 progress: progress(from: earnedIndex, window: window, at: date), reason: reason, points: points)
    }

    private func progress(from earnedIndex: Int, window: WindowMetrics, at date: Date) -> TierProgress? {
        guard earnedIndex + 1 < programme.tiers.count, let rule = programme.tiers[earnedIndex + 1].qualification else { return nil }
        let next = programme.tiers[earnedIndex + 1]
        let gaps = rule.conditions.map { condition in
            TierProgress.Gap(metric: condition.metric, current: window[condition.metric], target: condition.atLeast,
                             remaining: max(0, condition.atLeast - window[condition.metric]))
        }
        let start = programme.windowStart(endingAt: date)
        let oldest = state.activity.values.filter { $0.counts && $0.occurredAt > start && $0.occurredAt <= date }.map(\.occurredAt).min()
        let by = oldest.map { programme.adding(months: programme.windowMonths, to: $0) }
        let open = gaps.filter { $0.remaining > 0 }
        let english = open.map { gap in
            switch gap.metric {
            case .netSpend: "spend \(amount(gap.remaining)) more"
            case .orders: "place \(gap.remaining) more order\(gap.remaining == 1 ? "" : "s")"
            case .pointsEarned: "earn \(gap.remaining) more points"
            }
        }
        let chinese = open.map { gap in
            switch gap.metric {
            case .netSpend: "再消费 \(amount(gap.remaining))"
            case .orders: "再下 \(gap.remaining) 单"
            case .pointsEarned: "再赚取 \(gap.remaining) 积分"
            }
        }
        let deadline = by.map { day($0) }
        let message = english.isEmpty ? "qualifies for \(next.nameEn) with the next order"
            : english.joined(separator: rule.match == .any ? " or " : " and ") + (deadline.map { " by \($0)" } ?? "") + " to reach \(next.nameEn)"
        let messageZh = chinese.isEmpty ? "下一笔订单即可升级为\(next.nameZh)"
            : (deadline.map { "在 \($0) 前" } ?? "") + chinese.joined(separator: rule.match == .any ? " 或 " : " 并 ") + "即可升级为\(next.nameZh)"
        return TierProgress(tier: next, match: rule.match, gaps: gaps, by: by, message: message, messageZh: messageZh)
    }
}
