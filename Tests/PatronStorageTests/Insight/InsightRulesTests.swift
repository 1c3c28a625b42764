import Foundation
import PatronCore
import Testing

/// RFM quintiles, the segment table and the lifecycle rules on constructed customers, without a database.
struct InsightRulesTests {
    static let today = 20_000

    /// A purchaser whose last purchase was `daysAgo`, with `days` purchase days and `spend` minor units.
    static func purchaser(daysAgo: Int, days: Int, spend: Int64, firstDaysAgo: Int? = nil) -> CustomerFeatures {
        let first = today - (firstDaysAgo ?? (daysAgo + (days - 1) * 10))
        return CustomerFeatures(customerId: UUID(), orders: days, purchaseDays: days, firstPurchaseDay: first, lastPurchaseDay: today - daysAgo,
                                netSpendMinor: spend, firstDaySpendMinor: spend / Int64(days))
    }

    static func cutPoints(_ base: [CustomerFeatures]) -> RFMCutPoints {
        var recency = base.map { $0.daysSinceLastPurchase(today: today)! }
        var frequency = base.map(\.purchaseDays)
        var spend = base.map(\.netSpendMinor)
        return RFMCutPoints.quintiles(recencyDays: &recency, purchaseDays: &frequency, netSpendMinor: &spend)
    }

    @Test func quintilesScoreEachFifthOfTheBaseAndTheTableNamesTheSegments() throws {
        // Five customers a step apart on every measure: each lands in its own fifth.
        let base = (0..<5).map { i in Self.purchaser(daysAgo: 10 + i * 50, days: 5 - i, spend: Int64(50_000 - i * 10_000)) }
        let cuts = Self.cutPoints(base)
        #expect(cuts.recencyDays == [10, 60, 110, 160])
        #expect(cuts.purchaseDays == [1, 2, 3, 4])
        let scores = base.map { cuts.scores($0, today: Self.today)! }
        #expect(scores == [RFMScores(r: 5, f: 5, m: 5), RFMScores(r: 4, f: 4, m: 4), RFMScores(r: 3, f: 3, m: 3),
                           RFMScores(r: 2, f: 2, m: 2), RFMScores(r: 1, f: 1, m: 1)])
        let table = RFMSegmentRule.standard
        #expect(scores.map { table.segment(for: $0) } == [.champions, .loyal, .needAttention, .hibernating, .lost])

        // A recent one-time buyer, a lapsed big buyer, a middling one.
        let newcomer = Self.purchaser(daysAgo: 5, days: 1, spend: 9_000)
        #expect(table.segment(for: cuts.scores(newcomer, today: Self.today)!) == .new)
        let lapsed = Self.purchaser(daysAgo: 400, days: 9, spend: 90_000)
        #expect(table.segment(for: cuts.scores(lapsed, today: Self.today)!) == .cantLose)
        let drifting = Self.purchaser(daysAgo: 100, days: 1, spend: 9_000)
        #expect(table.segment(for: cuts.scores(drifting, today: Self.today)!) == .aboutToSleep)
        #expect(table.segment(for: RFMScores(r: 4, f: 1, m: 1)) == .promising)
        #expect(table.segment(for: RFMScores(r: 5, f: 2, m: 1)) == .potentialLoyalist)
        #expect(table.segment(for: RFMScores(r: 2, f: 3, m: 1)) == .atRisk)

        // A prospect is outside the base.
        #expect(cuts.scores(CustomerFeatures(customerId: UUID()), today: Self.today) == nil)
    }

    @Test func tiesShareAScoreAndEveryCellHasASegment() throws {
        let base = (0..<10).map { _ in Self.purchaser(daysAgo: 30, days: 1, spend: 5_000) }
        let cuts = Self.cutPoints(base)
        #expect(Set(base.map { cuts.scores($0, today: Self.today)! }).count == 1)
        try InsightSettings.defaults.validate()
        var gap = InsightSettings.defaults
        gap.segments.removeAll { $0.segment == .new }
        #expect(throws: PatronError.self) { try gap.validate() }
    }

    @Test func lifecycleStagesFollowTheDocumentedRules() throws {
        let rules = LifecycleRules.defaults
        func stage(_ f: CustomerFeatures, pAlive: Double? = nil, previous: (LifecycleStage, Int)? = nil) -> LifecycleStage {
            rules.stage(f, pAlive: pAlive, today: Self.today, previous: previous.map { (stage: $0.0, sinceDay: $0.1) })
        }
        #expect(stage(CustomerFeatures(customerId: UUID(), orders: 2)) == .prospect, "orders all refunded make no purchase")
        #expect(stage(Self.purchaser(daysAgo: 10, days: 1, spend: 100)) == .new)
        #expect(stage(Self.purchaser(daysAgo: 100, days: 1, spend: 100)) == .active)
        #expect(stage(Self.purchaser(daysAgo: 10, days: 3, spend: 100)) == .active)
        #expect(stage(Self.purchaser(daysAgo: 200, days: 3, spend: 100)) == .atRisk)
        #expect(stage(Self.purchaser(daysAgo: 400, days: 3, spend: 100)) == .churned)
        #expect(stage(Self.purchaser(daysAgo: 10, days: 3, spend: 100), pAlive: 0.3) == .atRisk, "P(alive) below 0.5")
        #expect(stage(Self.purchaser(daysAgo: 10, days: 3, spend: 100), pAlive: 0.1) == .churned, "P(alive) below 0.15")
        #expect(stage(Self.purchaser(daysAgo: 1, days: 3, spend: 100), previous: (.churned, Self.today - 30)) == .reactivated)
        #expect(stage(Self.purchaser(daysAgo: 1, days: 3, spend: 100), previous: (.reactivated, Self.today - 30)) == .reactivated)
        #expect(stage(Self.purchaser(daysAgo: 1, days: 3, spend: 100), previous: (.reactivated, Self.today - 120)) == .active)
        #expect(stage(Self.purchaser(daysAgo: 1, days: 3, spend: 100), previous: (.atRisk, Self.today - 30)) == .active)
    }

    @Test func repeatValueLeavesTheFirstPurchaseOut() {
        let f = CustomerFeatures(customerId: UUID(), orders: 4, purchaseDays: 3, firstPurchaseDay: 100, lastPurchaseDay: 114,
                                 netSpendMinor: 30_000, firstDaySpendMinor: 10_000)
        #expect(f.frequency == 2)
        #expect(f.recencyWeeks == 2)
        #expect(f.ageWeeks(today: 121) == 3)
        #expect(f.averageRepeatSpendMinor == 10_000)
        #expect(CustomerFeatures(customerId: UUID(), orders: 1, purchaseDays: 1, firstPurchaseDay: 5, lastPurchaseDay: 5,
                                 netSpendMinor: 900, firstDaySpendMinor: 900).averageRepeatSpendMinor == nil)
    }
}
