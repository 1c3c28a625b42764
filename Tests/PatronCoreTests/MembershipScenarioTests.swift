import Foundation
@testable import PatronCore
import Testing

/// Worked examples of the membership engine. Every expected number is computed by hand in the comment next to
/// it; none is derived from the engine's own formula.
struct MembershipScenarioTests {
    // MARK: - Helpers

    private static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
        return date
    }

    /// The default programme, in UTC so anniversaries and year ends fall on readable instants.
    private static func programme(_ change: (inout MembershipProgramme) -> Void = { _ in }) -> MembershipProgramme {
        var programme = MembershipProgramme.defaults
        programme.timeZone = "UTC"
        change(&programme)
        return programme
    }

    private static func engine(_ programme: MembershipProgramme, _ customerId: UUID) -> MembershipEngine {
        MembershipEngine(programme: programme, state: .new(customerId, programme: programme))
    }

    private static func order(_ customerId: UUID, at: String, lines: [OrderLine], discount: Int64 = 0, payments: [Payment],
                              pos: String = "P1") -> Order {
        Order(storeId: UUID(), posNumber: pos, channel: .store, customerId: customerId, occurredAt: date(at), lines: lines,
              orderDiscountMinor: discount, payments: payments)
    }

    /// One line of one unit, paid wholly in cash.
    private static func cashOrder(_ customerId: UUID, at: String, minor: Int64, pos: String = "P1") -> Order {
        order(customerId, at: at, lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: minor)],
              payments: [Payment(method: .cash, amountMinor: minor)], pos: pos)
    }

    private static func placed(_ order: Order) -> MembershipInput {
        .placed(order, lineCategories: order.lines.map { _ in [] })
    }

    private static func lot(_ engine: MembershipEngine, _ number: Int) -> PointsLot? {
        engine.state.lots.first { $0.number == number }
    }

    // MARK: - 1. Upgrade

    @Test func aQualifyingOrderUpgradesRegularToSilverAndEarnsAtTheOldTier() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)

        let first = Self.cashOrder(customer, at: "2026-01-10T10:00:00Z", minor: 80_000)
        try engine.apply(Self.placed(first), strict: true)
        // 80,000 fen < 200,000 and 1 order < 6: no upgrade. 800.00 × 100% = 800 points.
        #expect(engine.tierChanges.isEmpty)
        #expect(engine.state.standing.earnedTier == "regular")
        #expect(engine.state.standing.reviewDue == nil)
        #expect(engine.entries.map(\.points) == [800])

        let second = Self.cashOrder(customer, at: "2026-02-01T15:30:00Z", minor: 123_456, pos: "P2")
        try engine.apply(Self.placed(second), strict: true)
        // 80,000 + 123,456 = 203,456 ≥ 200,000 → Silver. The order earns at Regular 100%: floor(1,234.56) = 1,234
        // (at Silver it would have been floor(1,234.56 × 1.2) = 1,481).
        #expect(engine.entries.map(\.points) == [800, 1_234])
        #expect(engine.entries.map(\.balanceAfter) == [800, 2_034])
        #expect(engine.state.balance == 2_034)
        #expect(engine.tierChanges.count == 1)
        let change = try #require(engine.tierChanges.first)
        #expect(change.fromTier == "regular")
        #expect(change.toTier == "silver")
        #expect(change.cause == .qualifyingOrder)
        #expect(change.orderId == second.id)
        #expect(change.at == Self.date("2026-02-01T15:30:00Z"))
        #expect(change.sequence == 1)
        #expect(engine.state.standing.earnedTier == "silver")
        #expect(engine.state.standing.tier == "silver")
        #expect(engine.state.standing.since == Self.date("2026-02-01T15:30:00Z"))
        #expect(engine.state.standing.reviewDue == Self.date("2027-02-01T15:30:00Z"))
        #expect(engine.state.standing.graceUntil == nil)

        // The next order earns at Silver: 100.00 × 120% = 120 points; no further tier change.
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-02-02T09:00:00Z", minor: 10_000, pos: "P3")), strict: true)
        #expect(engine.entries.last?.points == 120)
        #expect(engine.state.balance == 2_154) // 2,034 + 120
        #expect(engine.tierChanges.count == 1)
    }

    // MARK: - 2. Review downgrade

    @Test func withoutGraceTheAnniversaryReviewDropsOneLevelAtATime() throws {
        let customer = UUID()
        let programme = Self.programme { $0.review.graceDays = 0 }
        var engine = Self.engine(programme, customer)
        let big = Self.cashOrder(customer, at: "2026-03-01T10:00:00Z", minor: 800_000)
        try engine.apply(Self.placed(big), strict: true)
        // 800,000 ≥ Gold's 800,000 (Diamond needs 3,000,000 and 12 orders): straight to Gold.
        #expect(engine.state.standing.earnedTier == "gold")
        #expect(engine.tierChanges.map(\.toTier) == ["gold"])
        #expect(engine.state.standing.reviewDue == Self.date("2027-03-01T10:00:00Z"))

        engine.advance(to: Self.date("2027-03-01T09:59:59Z"))
        #expect(engine.state.standing.earnedTier == "gold")
        #expect(engine.tierChanges.count == 1)

        // At the anniversary the window (2026-03-01T10:00, 2027-03-01T10:00] holds nothing (the start is exclusive),
        // so only Regular is earned — but a review drops at most one level: Gold → Silver.
        engine.advance(to: Self.date("2027-03-01T10:00:00Z"))
        #expect(engine.tierChanges.count == 2)
        let down = try #require(engine.tierChanges.last)
        #expect(down.fromTier == "gold")
        #expect(down.toTier == "silver")
        #expect(down.cause == .reviewDowngrade)
        #expect(down.at == Self.date("2027-03-01T10:00:00Z"))
        #expect(down.orderId == nil)
        #expect(engine.state.standing.earnedTier == "silver")
        #expect(engine.state.standing.since == Self.date("2027-03-01T10:00:00Z"))
        #expect(engine.state.standing.reviewDue == Self.date("2028-03-01T10:00:00Z"))
        #expect(engine.state.standing.graceUntil == nil)

        // A year later still nothing bought: Silver → Regular, and Regular has no review.
        engine.advance(to: Self.date("2028-06-01T00:00:00Z"))
        #expect(engine.tierChanges.map(\.toTier) == ["gold", "silver", "regular"])
        #expect(engine.tierChanges.last?.cause == .reviewDowngrade)
        #expect(engine.tierChanges.last?.at == Self.date("2028-03-01T10:00:00Z"))
        #expect(engine.state.standing.earnedTier == "regular")
        #expect(engine.state.standing.reviewDue == nil)
        #expect(engine.nextEventDate == nil) // the 8,000 points expired at 2028-01-01; nothing left to act on

        // With maxLevelsDown 2 the same history drops Gold straight to Regular.
        var steep = Self.engine(Self.programme { $0.review.graceDays = 0; $0.review.maxLevelsDown = 2 }, customer)
        try steep.apply(Self.placed(big), strict: true)
        steep.advance(to: Self.date("2027-03-01T10:00:00Z"))
        #expect(steep.tierChanges.map(\.toTier) == ["gold", "regular"])
        #expect(steep.state.standing.reviewDue == nil)
    }

    // MARK: - 3. Grace

    @Test func graceKeepsTheTierAndAPurchaseInGraceRetainsIt() throws {
        let customer = UUID()
        let programme = Self.programme { $0.review.graceDays = 30 }
        var engine = Self.engine(programme, customer)
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-03-01T10:00:00Z", minor: 200_000)), strict: true)
        #expect(engine.state.standing.earnedTier == "silver") // 200,000 ≥ 200,000
        #expect(engine.state.standing.reviewDue == Self.date("2027-03-01T10:00:00Z"))

        engine.advance(to: Self.date("2027-03-01T10:00:00Z"))
        // Nothing in the window → not earned; grace of 30 days: 2027-03-01 + 30 days = 2027-03-31.
        let grace = try #require(engine.tierChanges.last)
        #expect(grace.cause == .graceStarted)
        #expect(grace.fromTier == "silver")
        #expect(grace.toTier == "silver")
        #expect(grace.at == Self.date("2027-03-01T10:00:00Z"))
        #expect(engine.state.standing.earnedTier == "silver")
        #expect(engine.state.standing.graceUntil == Self.date("2027-03-31T10:00:00Z"))
        #expect(engine.state.standing.reviewDue == Self.date("2027-03-01T10:00:00Z"))
        #expect(engine.nextEventDate == Self.date("2027-03-31T10:00:00Z"))

        var withoutPurchase = engine

        // A purchase inside grace that meets Silver's rule on its own: 200,000 ≥ 200,000. It earns at Silver:
        // 2,000.00 × 120% = 2,400 points. It is no upgrade (already Silver), so no tier change yet.
        let changesBefore = engine.tierChanges.count
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2027-03-15T12:00:00Z", minor: 200_000, pos: "P2")), strict: true)
        #expect(engine.entries.last?.points == 2_400)
        #expect(engine.tierChanges.count == changesBefore)

        engine.advance(to: Self.date("2027-03-31T10:00:00Z"))
        // The window (2026-03-31T10:00, 2027-03-31T10:00] holds the 2027-03-15 order: 200,000 → kept.
        let kept = try #require(engine.tierChanges.last)
        #expect(kept.cause == .reviewRetained)
        #expect(kept.at == Self.date("2027-03-31T10:00:00Z"))
        #expect(kept.toTier == "silver")
        #expect(engine.state.standing.earnedTier == "silver")
        #expect(engine.state.standing.graceUntil == nil)
        // The next review is a year after the original anniversary (2027-03-01), not after the grace end.
        #expect(engine.state.standing.reviewDue == Self.date("2028-03-01T10:00:00Z"))

        // Without the purchase the tier goes at the end of grace.
        withoutPurchase.advance(to: Self.date("2027-03-30T23:59:59Z"))
        #expect(withoutPurchase.state.standing.tier == "silver")
        withoutPurchase.advance(to: Self.date("2027-04-15T00:00:00Z"))
        let down = try #require(withoutPurchase.tierChanges.last)
        #expect(down.cause == .reviewDowngrade)
        #expect(down.fromTier == "silver")
        #expect(down.toTier == "regular")
        #expect(down.at == Self.date("2027-03-31T10:00:00Z"))
        #expect(withoutPurchase.state.standing.earnedTier == "regular")
        #expect(withoutPurchase.state.standing.since == Self.date("2027-03-31T10:00:00Z"))
        #expect(withoutPurchase.state.standing.reviewDue == nil)
        #expect(withoutPurchase.state.standing.graceUntil == nil)
    }

    // MARK: - 4. Override

    @Test func anOverrideWithAnEndLiftsTheTierAndItsMultiplierUntilThen() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        let override = TierOverride(tier: "diamond", reason: "chairman's guest", setAt: Self.date("2026-04-01T00:00:00Z"),
                                    until: Self.date("2026-05-01T00:00:00Z"), setBy: "manager")
        try engine.apply(.overrideSet(override), strict: true)
        #expect(engine.state.standing.tier == "diamond")
        #expect(engine.state.standing.earnedTier == "regular")
        let set = try #require(engine.tierChanges.last)
        #expect(set.cause == .overrideSet)
        #expect(set.fromTier == "regular")
        #expect(set.toTier == "diamond")

        // During the override: 100.00 × Diamond 200% = 200 points.
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-04-10T12:00:00Z", minor: 10_000)), strict: true)
        #expect(engine.entries.last?.points == 200)

        engine.advance(to: Self.date("2026-05-02T00:00:00Z"))
        #expect(engine.state.standing.tier == "regular")
        #expect(engine.state.standing.override == nil)
        let ended = try #require(engine.tierChanges.last)
        #expect(ended.cause == .overrideEnded)
        #expect(ended.fromTier == "diamond")
        #expect(ended.toTier == "regular")
        #expect(ended.at == Self.date("2026-05-01T00:00:00Z"))

        // After it: 100.00 × Regular 100% = 100 points.
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-05-03T12:00:00Z", minor: 10_000, pos: "P2")), strict: true)
        #expect(engine.entries.last?.points == 100)
        #expect(engine.state.balance == 300) // 200 + 100

        // An open-ended override is ended by id; a stale id does nothing.
        let open = TierOverride(tier: "gold", reason: "press", setAt: Self.date("2026-06-01T00:00:00Z"), until: nil, setBy: "manager")
        try engine.apply(.overrideSet(open), strict: true)
        #expect(engine.state.standing.tier == "gold")
        let count = engine.tierChanges.count
        try engine.apply(.overrideEnded(id: UUID(), at: Self.date("2026-06-02T00:00:00Z"), by: "manager"), strict: true)
        #expect(engine.tierChanges.count == count)
        #expect(engine.state.standing.tier == "gold")
        try engine.apply(.overrideEnded(id: open.id, at: Self.date("2026-06-03T00:00:00Z"), by: "manager"), strict: true)
        #expect(engine.state.standing.tier == "regular")
        #expect(engine.tierChanges.last?.cause == .overrideEnded)
        #expect(engine.tierChanges.last?.fromTier == "gold")
    }

    // MARK: - 5. Tier multiplier

    @Test func goldEarnsOneAndAHalfPointsPerYuan() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-03-01T10:00:00Z", minor: 800_000)), strict: true)
        #expect(engine.state.standing.tier == "gold")
        #expect(engine.entries.last?.points == 8_000) // earned at Regular: 8,000.00 × 100%
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-03-02T10:00:00Z", minor: 123_456, pos: "P2")), strict: true)
        // floor(1,234.56 × 1.5) = floor(1,851.84) = 1,851
        #expect(engine.entries.last?.points == 1_851)
        #expect(engine.state.balance == 9_851) // 8,000 + 1,851
    }

    // MARK: - 6. Category bonus

    @Test func aCategoryBonusAppliesToItsLineNetOfTheAllocatedOrderDiscount() throws {
        let customer = UUID()
        let programme = Self.programme { $0.earning.categoryMultipliers = ["beauty": 300, "skincare": 150] }
        // Line 1: 2 × 333.33 = 66,666; line 2: 1 × 450.01 = 45,001; subtotal 111,667; 100.00 off the order → 101,667.
        let lines = [OrderLine(sku: "SERUM", productId: nil, quantity: 2, unitPriceMinor: 33_333),
                     OrderLine(sku: "BOOT", productId: nil, quantity: 1, unitPriceMinor: 45_001)]
        let categories = [["skincare", "beauty"], ["shoes"]]
        let order = Self.order(customer, at: "2026-03-01T10:00:00Z", lines: lines, discount: 10_000,
                               payments: [Payment(method: .cash, amountMinor: 101_667)])
        // Discount share of line 1 = floor(10,000 × 66,666 / 111,667) = floor(5,970.07) = 5,970 → net 60,696 (2 × 30,348);
        // line 2 (the last) takes the rest, 4,030 → net 40,971. 60,696 + 40,971 = 101,667.
        #expect(RefundRules.lineValues(of: order).map(\.perUnit) == [[30_348, 30_348], [40_971]])

        var engine = Self.engine(programme, customer)
        try engine.apply(.placed(order, lineCategories: categories), strict: true)
        // Line 1 takes the highest of skincare 150% / beauty 300%: 60,696 × 300% = 182,088 fen-weighted;
        // line 2 at 100%: 40,971. (182,088 + 40,971) / 100 = 2,230.59 → 2,230 (without the bonus: 1,016).
        #expect(engine.entries.map(\.points) == [2_230])
        #expect(engine.entries.first?.note.contains("category bonus") == true)

        // The same order paid 16.67 with points and 1,000.00 in cash earns on the cash share only:
        // 2,230.59 × 100,000 / 101,667 = 2,194.0157… → 2,194.
        var mixed = Self.engine(programme, customer)
        try mixed.apply(.adjusted(PointsAdjustment(customerId: customer, points: 5_000, reason: "gift",
                                                   at: Self.date("2026-02-01T00:00:00Z"), by: "ops")), strict: true)
        var pointsOrder = order
        pointsOrder.id = UUID()
        pointsOrder.payments = [Payment(method: .points, amountMinor: 1_667), Payment(method: .cash, amountMinor: 100_000)]
        try mixed.apply(.placed(pointsOrder, lineCategories: categories), strict: true)
        #expect(mixed.entries.map(\.kind) == [.adjust, .redeem, .earn])
        #expect(mixed.entries.map(\.points) == [5_000, -1_667, 2_194])
        #expect(mixed.state.balance == 5_527) // 5,000 − 1,667 + 2,194
    }

    // MARK: - 7. Campaigns

    @Test func aCampaignDoublesPointsInsideItsWindowOnlyAndTierCampaignsStayWithTheirTiers() throws {
        let customer = UUID()
        let from = Self.date("2026-06-01T00:00:00Z")
        let until = Self.date("2026-06-08T00:00:00Z")
        let programme = Self.programme {
            $0.earning.campaigns = [
                MembershipProgramme.Campaign(name: "Double week", from: from, until: until, multiplierPercent: 200),
                MembershipProgramme.Campaign(name: "Silver triple", from: from, until: until, multiplierPercent: 300, tiers: ["silver"]),
                MembershipProgramme.Campaign(name: "Gold quadruple", from: from, until: until, multiplierPercent: 400, tiers: ["gold"]),
            ]
        }
        var regular = Self.engine(programme, customer)
        let times = ["2026-05-31T23:59:59Z", "2026-06-01T00:00:00Z", "2026-06-03T12:00:00Z", "2026-06-08T00:00:00Z"]
        for (index, time) in times.enumerated() {
            try regular.apply(Self.placed(Self.cashOrder(customer, at: time, minor: 10_000, pos: "R\(index)")), strict: true)
        }
        // 100.00 each at Regular: before → 100; at `from` (inclusive) → 200; inside → 200 (the Silver and Gold
        // campaigns do not apply to Regular); at `until` (exclusive) → 100.
        #expect(regular.entries.map(\.points) == [100, 200, 200, 100])
        #expect(regular.entries[2].note.contains("Double week 200%"))

        var silver = Self.engine(programme, customer)
        try silver.apply(Self.placed(Self.cashOrder(customer, at: "2026-05-20T12:00:00Z", minor: 200_000, pos: "S1")), strict: true)
        #expect(silver.state.standing.tier == "silver")
        try silver.apply(Self.placed(Self.cashOrder(customer, at: "2026-06-03T12:00:00Z", minor: 10_000, pos: "S2")), strict: true)
        // 2,000.00 × 100% = 2,000 before the campaign; then 100.00 × Silver 120% × best Silver campaign 300% = 360
        // (the Gold-only 400% does not apply).
        #expect(silver.entries.map(\.points) == [2_000, 360])
        #expect(silver.entries[1].note.contains("Silver triple 300%"))
    }

    // MARK: - 8. Pending points

    @Test func pendingPointsCannotBeSpentUntilTheirPendingDaysPass() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme { $0.earning.pendingDays = 7 }, customer)
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-03-01T10:00:00Z", minor: 50_000)), strict: true)
        #expect(engine.entries.map(\.points) == [500])
        #expect(Self.lot(engine, 1)?.availableAt == Self.date("2026-03-08T10:00:00Z"))
        #expect(engine.state.pending(at: Self.date("2026-03-05T00:00:00Z")) == 500)
        #expect(engine.state.available(at: Self.date("2026-03-05T00:00:00Z")) == 0)
        #expect(engine.state.pending(at: Self.date("2026-03-08T09:59:59Z")) == 500)
        #expect(engine.state.pending(at: Self.date("2026-03-08T10:00:00Z")) == 0)

        // ¥100.00 paid ¥2.00 with points (200 fen → 200 points at 1 point per fen) and ¥98.00 cash.
        let lines = [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 10_000)]
        let payments = [Payment(method: .points, amountMinor: 200), Payment(method: .cash, amountMinor: 9_800)]
        let early = Self.order(customer, at: "2026-03-05T10:00:00Z", lines: lines, payments: payments, pos: "P2")
        var lenient = engine
        #expect(throws: PatronError.insufficientPoints(field: "payments", available: 0, requested: 200)) {
            try engine.apply(Self.placed(early), strict: true)
        }
        #expect(engine.entries.count == 1)
        #expect(engine.state.activity[early.id] == nil)

        // Replayed leniently the till's payment stands but nothing can be taken: a shortfall of 200.
        try lenient.apply(Self.placed(early), strict: false)
        #expect(lenient.entries[1].kind == .redeem)
        #expect(lenient.entries[1].points == 0)
        #expect(lenient.entries[1].shortfall == 200)

        let later = Self.order(customer, at: "2026-03-08T10:00:00Z", lines: lines, payments: payments, pos: "P3")
        try engine.apply(Self.placed(later), strict: true)
        // Redeem 200; earn on the cash share: 100.00 × 9,800 / 10,000 = 98 points, pending until 2026-03-15.
        #expect(engine.entries.map(\.kind) == [.earn, .redeem, .earn])
        #expect(engine.entries.map(\.points) == [500, -200, 98])
        #expect(engine.entries.map(\.shortfall) == [0, 0, 0])
        #expect(engine.consumptions == [LotConsumption(entrySequence: 2, lotNumber: 1, points: 200)])
        #expect(engine.state.balance == 398) // 500 − 200 + 98
        #expect(engine.state.available(at: Self.date("2026-03-08T10:00:00Z")) == 300)
        #expect(engine.state.pending(at: Self.date("2026-03-08T10:00:00Z")) == 98)
        #expect(Self.lot(engine, 3)?.availableAt == Self.date("2026-03-15T10:00:00Z"))
    }

    // MARK: - 9. FIFO

    @Test func redemptionTakesTheOldestLotsFirst() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        for (points, day) in [(300, "2026-01-10"), (500, "2026-02-10"), (700, "2026-03-10")] {
            try engine.apply(.adjusted(PointsAdjustment(customerId: customer, points: Int64(points), reason: "goodwill",
                                                        at: Self.date("\(day)T09:00:00Z"), by: "ops")), strict: true)
        }
        #expect(engine.state.balance == 1_500)
        #expect(engine.state.lots.map(\.number) == [1, 2, 3])

        // ¥10.00: ¥6.50 in points (650 points) and ¥3.50 cash. 650 = all 300 of lot 1 + 350 of lot 2.
        let first = Self.order(customer, at: "2026-04-01T12:00:00Z",
                               lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 1_000)],
                               payments: [Payment(method: .points, amountMinor: 650), Payment(method: .cash, amountMinor: 350)])
        try engine.apply(Self.placed(first), strict: true)
        #expect(engine.consumptions == [LotConsumption(entrySequence: 4, lotNumber: 1, points: 300),
                                        LotConsumption(entrySequence: 4, lotNumber: 2, points: 350)])
        // Earned on the cash: 10.00 × 350 / 1,000 = 3.5 → 3 points, lot 5.
        #expect(engine.entries.map(\.points) == [300, 500, 700, -650, 3])
        #expect(engine.state.lots.map(\.remaining) == [0, 150, 700, 3]) // lots 1, 2, 3, 5
        #expect(engine.state.balance == 853) // 1,500 − 650 + 3

        // ¥10.00: ¥5.00 in points → the 150 left in lot 2, then 350 of lot 3; lot 5 (newest) is untouched.
        let second = Self.order(customer, at: "2026-04-02T12:00:00Z",
                                lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 1_000)],
                                payments: [Payment(method: .points, amountMinor: 500), Payment(method: .cash, amountMinor: 500)], pos: "P2")
        try engine.apply(Self.placed(second), strict: true)
        #expect(Array(engine.consumptions.dropFirst(2)) == [LotConsumption(entrySequence: 6, lotNumber: 2, points: 150),
                                                            LotConsumption(entrySequence: 6, lotNumber: 3, points: 350)])
        // Earned: 10.00 × 500 / 1,000 = 5 points, lot 7.
        #expect(engine.state.lots.map(\.number) == [1, 2, 3, 5, 7])
        #expect(engine.state.lots.map(\.remaining) == [0, 0, 350, 3, 5])
        #expect(engine.state.balance == 358) // 853 − 500 + 5

        // A negative adjustment takes from the oldest too: 351 = 350 of lot 3 + 1 of lot 5.
        try engine.apply(.adjusted(PointsAdjustment(customerId: customer, points: -351, reason: "correction",
                                                    at: Self.date("2026-04-03T00:00:00Z"), by: "ops")), strict: true)
        #expect(Array(engine.consumptions.dropFirst(4)) == [LotConsumption(entrySequence: 8, lotNumber: 3, points: 350),
                                                            LotConsumption(entrySequence: 8, lotNumber: 5, points: 1)])
        #expect(engine.state.balance == 7) // 358 − 351
    }

    @Test func afterAProgrammeShortensExpiryTheNewerLotThatLapsesFirstIsSpentFirst() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        try engine.apply(.adjusted(PointsAdjustment(customerId: customer, points: 300, reason: "goodwill",
                                                    at: Self.date("2026-01-10T09:00:00Z"), by: "ops")), strict: true)
        #expect(Self.lot(engine, 1)?.expiresAt == Self.date("2028-01-01T00:00:00Z"))
        engine = MembershipEngine(programme: Self.programme { $0.expiry = .init(rule: .afterMonths, months: 3) }, state: engine.state)
        try engine.apply(.adjusted(PointsAdjustment(customerId: customer, points: 200, reason: "goodwill",
                                                    at: Self.date("2026-02-10T09:00:00Z"), by: "ops")), strict: true)
        #expect(Self.lot(engine, 2)?.expiresAt == Self.date("2026-05-10T09:00:00Z"))

        // 250 points: all 200 of lot 2, which lapses in May, then 50 of the older lot 1, which lasts until 2028.
        try engine.apply(.adjusted(PointsAdjustment(customerId: customer, points: -250, reason: "correction",
                                                    at: Self.date("2026-03-01T00:00:00Z"), by: "ops")), strict: true)
        #expect(Array(engine.consumptions.suffix(2)) == [LotConsumption(entrySequence: 3, lotNumber: 2, points: 200),
                                                         LotConsumption(entrySequence: 3, lotNumber: 1, points: 50)])
        #expect(engine.state.lots.map(\.remaining) == [250, 0])
    }

    @Test func refundedPointsComeBackWithTheExpiryTheyHad() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme { $0.expiry = .init(rule: .afterMonths, months: 2) }, customer)
        try engine.apply(.adjusted(PointsAdjustment(customerId: customer, points: 500, reason: "gift",
                                                    at: Self.date("2026-01-10T09:00:00Z"), by: "ops")), strict: true)
        // 2 × ¥1.00 paid with 200 points of lot 1, which expires on 2026-03-10.
        var order = Self.order(customer, at: "2026-02-01T10:00:00Z",
                               lines: [OrderLine(sku: "A", productId: nil, quantity: 2, unitPriceMinor: 100)],
                               payments: [Payment(method: .points, amountMinor: 200)])
        try engine.apply(Self.placed(order), strict: true)

        // One unit back: 100 points in lot 3, dated like lot 1 — not two months after the refund.
        let first = OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: 1)],
                                refunds: [Payment(method: .points, amountMinor: 100)], reason: "r", createdAt: Self.date("2026-02-15T10:00:00Z"))
        let (firstChecked, firstStatus) = try RefundRules.check(first, order: order, earlier: [])
        order.status = firstStatus
        try engine.apply(.refunded(order, firstChecked), strict: true)
        #expect(Self.lot(engine, 3)?.expiresAt == Self.date("2026-03-10T09:00:00Z"))
        #expect(Self.lot(engine, 3)?.earnedAt == Self.date("2026-01-10T09:00:00Z"))

        // The other unit after that date: lots 1 and 3 lapsed on 2026-03-10, and the 100 restored lapse at once.
        let rest = OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: 1)],
                               refunds: [Payment(method: .points, amountMinor: 100)], reason: "r", createdAt: Self.date("2026-04-01T10:00:00Z"))
        let (restChecked, restStatus) = try RefundRules.check(rest, order: order, earlier: [firstChecked])
        order.status = restStatus
        try engine.apply(.refunded(order, restChecked), strict: true)
        #expect(engine.entries.map(\.kind) == [.adjust, .redeem, .reverse, .expire, .reverse, .expire])
        #expect(engine.entries.map(\.points) == [500, -200, 100, -400, 100, -100])
        #expect(engine.state.balance == 0)
        #expect(engine.state.activity[order.id]?.redeemedFrom == [], "forgotten once wholly credited, as storage does")
    }

    // MARK: - 10. Expiry

    @Test func pointsExpireAtTheEndOfTheFollowingYearInTheProgrammeZone() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-05-01T12:00:00Z", minor: 100_000)), strict: true)
        #expect(Self.lot(engine, 1)?.expiresAt == Self.date("2028-01-01T00:00:00Z"))
        #expect(engine.nextEventDate == Self.date("2028-01-01T00:00:00Z"))
        engine.advance(to: Self.date("2027-12-31T23:59:59Z"))
        #expect(engine.entries.count == 1)
        engine.advance(to: Self.date("2028-02-01T00:00:00Z"))
        #expect(engine.entries.count == 2)
        let expired = try #require(engine.entries.last)
        #expect(expired.kind == .expire)
        #expect(expired.points == -1_000)
        #expect(expired.at == Self.date("2028-01-01T00:00:00Z"))
        #expect(expired.balanceAfter == 0)
        #expect(engine.state.balance == 0)
        #expect(engine.consumptions == [LotConsumption(entrySequence: 2, lotNumber: 1, points: 1_000)])

        // A partly spent lot expires only what is left; a lot earned in 2027 lives until 2029.
        var partial = Self.engine(Self.programme(), customer)
        try partial.apply(Self.placed(Self.cashOrder(customer, at: "2026-05-01T12:00:00Z", minor: 100_000)), strict: true)
        let paidWithPoints = Self.order(customer, at: "2027-03-01T12:00:00Z",
                                        lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 300)],
                                        payments: [Payment(method: .points, amountMinor: 300)], pos: "P2")
        try partial.apply(Self.placed(paidWithPoints), strict: true)
        try partial.apply(Self.placed(Self.cashOrder(customer, at: "2027-06-01T12:00:00Z", minor: 20_000, pos: "P3")), strict: true)
        // Entries: earn 1,000 (lot 1), redeem 300 (no earning: nothing paid outside points), earn 200 (lot 3).
        #expect(partial.entries.map(\.points) == [1_000, -300, 200])
        #expect(Self.lot(partial, 3)?.expiresAt == Self.date("2029-01-01T00:00:00Z"))
        partial.advance(to: Self.date("2028-01-01T00:00:00Z"))
        #expect(partial.entries.last?.kind == .expire)
        #expect(partial.entries.last?.points == -700) // 1,000 − 300
        #expect(partial.consumptions.filter { $0.lotNumber == 1 }.map(\.points) == [300, 700])
        #expect(Self.lot(partial, 1)?.remaining == 0)
        #expect(Self.lot(partial, 3)?.remaining == 200)
        #expect(partial.state.balance == 200)
        #expect(partial.nextEventDate == Self.date("2029-01-01T00:00:00Z"))

        // In Asia/Shanghai (UTC+8) the year ends at 16:00 UTC on 31 December.
        let shanghai = MembershipProgramme.defaults
        var china = Self.engine(shanghai, customer)
        try china.apply(Self.placed(Self.cashOrder(customer, at: "2026-05-01T12:00:00Z", minor: 100_000)), strict: true)
        // 2026-12-31T17:00Z is already 2027-01-01 01:00 in Shanghai: a 2027 point, expiring at the end of 2028 there.
        try china.apply(Self.placed(Self.cashOrder(customer, at: "2026-12-31T17:00:00Z", minor: 5_000, pos: "P2")), strict: true)
        #expect(Self.lot(china, 1)?.expiresAt == Self.date("2027-12-31T16:00:00Z"))
        #expect(Self.lot(china, 2)?.expiresAt == Self.date("2028-12-31T16:00:00Z"))
        china.advance(to: Self.date("2027-12-31T15:59:59Z"))
        #expect(china.entries.count == 2)
        china.advance(to: Self.date("2027-12-31T16:00:00Z"))
        #expect(china.entries.last?.kind == .expire)
        #expect(china.entries.last?.points == -1_000)
        #expect(china.entries.last?.at == Self.date("2027-12-31T16:00:00Z"))
        #expect(china.state.balance == 50)
    }

    // MARK: - 11. Refunds without shortfall

    @Test func refundsReverseTheirShareOfThePointsAndAFullRefundReversesExactlyAll() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        var order = Self.order(customer, at: "2026-03-01T10:00:00Z",
                               lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 40_000),
                                       OrderLine(sku: "B", productId: nil, quantity: 1, unitPriceMinor: 60_000)],
                               payments: [Payment(method: .cash, amountMinor: 100_000)])
        try engine.apply(Self.placed(order), strict: true)
        #expect(engine.entries.map(\.points) == [1_000])

        let first = OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: 1)],
                                refunds: [Payment(method: .cash, amountMinor: 40_000)], reason: "r",
                                createdAt: Self.date("2026-03-05T10:00:00Z"))
        #expect(try RefundRules.check(first, order: order, earlier: []).1 == .partiallyRefunded)
        order.status = .partiallyRefunded
        try engine.apply(.refunded(order, first), strict: true)
        // 1,000 × 40,000 / 100,000 = 400
        let reverse = try #require(engine.entries.last)
        #expect(reverse.kind == .reverse)
        #expect(reverse.points == -400)
        #expect(reverse.shortfall == 0)
        #expect(reverse.balanceAfter == 600)
        #expect(reverse.returnId == first.id)
        #expect(engine.metrics(at: Self.date("2026-03-05T10:00:00Z")) == WindowMetrics(netSpendMinor: 60_000, orders: 1, pointsEarned: 600))

        let rest = OrderReturn(orderId: order.id, lines: [.init(lineNumber: 2, quantity: 1)],
                               refunds: [Payment(method: .cash, amountMinor: 60_000)], reason: "r",
                               createdAt: Self.date("2026-03-10T10:00:00Z"))
        #expect(try RefundRules.check(rest, order: order, earlier: [first]).1 == .refunded)
        order.status = .refunded
        try engine.apply(.refunded(order, rest), strict: true)
        // 1,000 − 400 = 600 more; together exactly 1,000.
        #expect(engine.entries.map(\.points) == [1_000, -400, -600])
        #expect(engine.entries.filter { $0.kind == .reverse }.reduce(0) { $0 + $1.points } == -1_000)
        #expect(engine.state.balance == 0)
        #expect(engine.state.activity[order.id]?.counts == false)
        #expect(engine.state.activity[order.id]?.pointsReversed == 1_000)
        #expect(engine.metrics(at: Self.date("2026-03-10T10:00:00Z")) == WindowMetrics(netSpendMinor: 0, orders: 0, pointsEarned: 0))

        // Rounding: three units of 333.33/333.33/333.34 refunded one at a time reverse 333, 333, 334.
        var thirds = Self.engine(Self.programme(), customer)
        var three = Self.order(customer, at: "2026-03-01T10:00:00Z",
                               lines: [OrderLine(sku: "C", productId: nil, quantity: 3, unitPriceMinor: 33_334, discountMinor: 2)],
                               payments: [Payment(method: .cash, amountMinor: 100_000)], pos: "P2")
        #expect(RefundRules.lineValues(of: three).map(\.perUnit) == [[33_333, 33_333, 33_334]])
        try thirds.apply(Self.placed(three), strict: true)
        var earlier: [OrderReturn] = []
        for (day, amount) in [("02", Int64(33_333)), ("03", 33_333), ("04", 33_334)] {
            let request = OrderReturn(orderId: three.id, lines: [.init(lineNumber: 1, quantity: 1)],
                                      refunds: [Payment(method: .cash, amountMinor: amount)], reason: "r",
                                      createdAt: Self.date("2026-04-\(day)T10:00:00Z"))
            let (checked, status) = try RefundRules.check(request, order: three, earlier: earlier)
            three.status = status
            earlier.append(checked)
            try thirds.apply(.refunded(three, checked), strict: true)
        }
        #expect(three.status == .refunded)
        // Targets floor(1,000 × 33,333 / 100,000) = 333, floor(1,000 × 66,666 / 100,000) = 666, 1,000.
        #expect(thirds.entries.map(\.points) == [1_000, -333, -333, -334])
        #expect(thirds.state.balance == 0)
    }

    // MARK: - 12. Refunds with shortfall

    @Test func aRefundOfSpentPointsRecordsAShortfallOrADebt() throws {
        let customer = UUID()
        for policy in [MembershipProgramme.ReversalPolicy.neverNegative, .allowNegative] {
            var engine = Self.engine(Self.programme { $0.reversalPolicy = policy }, customer)
            var first = Self.cashOrder(customer, at: "2026-03-01T10:00:00Z", minor: 100_000)
            try engine.apply(Self.placed(first), strict: true)
            let spend = Self.order(customer, at: "2026-03-10T10:00:00Z",
                                   lines: [OrderLine(sku: "B", productId: nil, quantity: 1, unitPriceMinor: 800)],
                                   payments: [Payment(method: .points, amountMinor: 800)], pos: "P2")
            try engine.apply(Self.placed(spend), strict: true)
            // Earn 1,000; redeem 800 (no earning on a wholly points-paid order); 200 left in lot 1.
            #expect(engine.entries.map(\.points) == [1_000, -800])
            #expect(engine.state.balance == 200)

            let refund = OrderReturn(orderId: first.id, lines: [.init(lineNumber: 1, quantity: 1)],
                                     refunds: [Payment(method: .cash, amountMinor: 100_000)], reason: "r",
                                     createdAt: Self.date("2026-03-15T10:00:00Z"))
            first.status = .refunded
            try engine.apply(.refunded(first, refund), strict: true)
            let reverse = try #require(engine.entries.last)
            #expect(reverse.kind == .reverse)
            #expect(engine.consumptions.last == LotConsumption(entrySequence: 3, lotNumber: 1, points: 200))

            switch policy {
            case .neverNegative:
                // 1,000 to reverse: 200 are there, 800 already spent.
                #expect(reverse.points == -200)
                #expect(reverse.shortfall == 800)
                #expect(reverse.balanceAfter == 0)
                #expect(engine.state.balance == 0)
                #expect(engine.state.debt == 0)
                #expect(engine.entries.allSatisfy { $0.balanceAfter >= 0 })
            case .allowNegative:
                // All 1,000 reversed: 200 from the lot, 800 owed.
                #expect(reverse.points == -1_000)
                #expect(reverse.balanceAfter == -800)
                #expect(engine.state.balance == -800)
                #expect(engine.state.debt == 800)
                #expect(engine.state.available(at: Self.date("2026-03-15T10:00:00Z")) == -800)

                // The next 500 points pay the debt first: lot 4 is born empty, 300 still owed.
                try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-03-20T10:00:00Z", minor: 50_000, pos: "P3")), strict: true)
                #expect(engine.entries.last?.points == 500)
                #expect(engine.entries.last?.balanceAfter == -300)
                #expect(engine.consumptions.last == LotConsumption(entrySequence: 4, lotNumber: 4, points: 500))
                #expect(Self.lot(engine, 4)?.remaining == 0)
                #expect(engine.state.debt == 300)
                // Another 500: 300 pay the rest of the debt, 200 stay in lot 5.
                try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-03-25T10:00:00Z", minor: 50_000, pos: "P4")), strict: true)
                #expect(engine.consumptions.last == LotConsumption(entrySequence: 5, lotNumber: 5, points: 300))
                #expect(Self.lot(engine, 5)?.remaining == 200)
                #expect(engine.state.debt == 0)
                #expect(engine.state.balance == 200)
            }
        }
    }

    // MARK: - 13. Points-payment refund

    @Test func refundingAPointsPaymentCreditsThePointsBack() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        try engine.apply(.adjusted(PointsAdjustment(customerId: customer, points: 1_000, reason: "gift",
                                                    at: Self.date("2026-03-01T00:00:00Z"), by: "ops")), strict: true)
        // 2 × ¥5.00 = ¥10.00: ¥6.00 in points (600), ¥4.00 cash.
        var order = Self.order(customer, at: "2026-03-05T10:00:00Z",
                               lines: [OrderLine(sku: "A", productId: nil, quantity: 2, unitPriceMinor: 500)],
                               payments: [Payment(method: .points, amountMinor: 600), Payment(method: .cash, amountMinor: 400)])
        try engine.apply(Self.placed(order), strict: true)
        // Earned on the cash: 10.00 × 400 / 1,000 = 4 points.
        #expect(engine.entries.map(\.points) == [1_000, -600, 4])

        // One unit back, ¥5.00 refunded to points: 600 × 500 / 600 = 500 points credited.
        let first = OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: 1)],
                                refunds: [Payment(method: .points, amountMinor: 500)], reason: "r",
                                createdAt: Self.date("2026-03-08T10:00:00Z"))
        let (firstChecked, firstStatus) = try RefundRules.check(first, order: order, earlier: [])
        #expect(firstStatus == .partiallyRefunded)
        order.status = firstStatus
        try engine.apply(.refunded(order, firstChecked), strict: true)
        let credit = try #require(engine.entries.last)
        #expect(credit.kind == .reverse)
        #expect(credit.points == 500)
        #expect(credit.balanceAfter == 904) // 1,000 − 600 + 4 + 500

        // The other unit: ¥1.00 to points and ¥4.00 cash. The cash reverses all 4 earned points (4 × 400 / 400);
        // the points credit reaches 600 × 600 / 600 = 600 in all, so 100 more.
        let rest = OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: 1)],
                               refunds: [Payment(method: .points, amountMinor: 100), Payment(method: .cash, amountMinor: 400)],
                               reason: "r", createdAt: Self.date("2026-03-10T10:00:00Z"))
        let (restChecked, restStatus) = try RefundRules.check(rest, order: order, earlier: [firstChecked])
        #expect(restStatus == .refunded)
        order.status = restStatus
        try engine.apply(.refunded(order, restChecked), strict: true)
        #expect(engine.entries.map(\.kind) == [.adjust, .redeem, .earn, .reverse, .reverse, .reverse])
        #expect(engine.entries.map(\.points) == [1_000, -600, 4, 500, -4, 100])
        #expect(engine.state.balance == 1_000)
        #expect(engine.state.lots.map(\.number) == [1, 3, 4, 6])
        #expect(engine.state.lots.map(\.remaining) == [400, 0, 500, 100])
        #expect(engine.state.activity[order.id]?.pointsCredited == 600)
        #expect(engine.state.activity[order.id]?.counts == false)
    }

    // MARK: - 14. Progress

    @Test func theProgressMessageNamesTheGapAndTheDeadline() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-02-10T09:00:00Z", minor: 30_000)), strict: true)
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-05-20T09:00:00Z", minor: 46_000, pos: "P2")), strict: true)
        let now = Self.date("2026-06-01T00:00:00Z")
        engine.advance(to: now)
        let summary = engine.summary(at: now, reason: engine.tierChanges.last)
        #expect(summary.tier.code == "regular")
        #expect(summary.window == WindowMetrics(netSpendMinor: 76_000, orders: 2, pointsEarned: 760))
        let progress = try #require(summary.progress)
        #expect(progress.tier.code == "silver")
        #expect(progress.match == .any)
        // 200,000 − 76,000 = 124,000 fen; 6 − 2 = 4 orders.
        #expect(progress.gaps == [TierProgress.Gap(metric: .netSpend, current: 76_000, target: 200_000, remaining: 124_000),
                                  TierProgress.Gap(metric: .orders, current: 2, target: 6, remaining: 4)])
        // The oldest order (2026-02-10) leaves the 12-month window on 2027-02-10.
        #expect(progress.by == Self.date("2027-02-10T09:00:00Z"))
        #expect(progress.message.contains("spend ¥1,240.00 more"))
        #expect(progress.message.contains("by 2027-02-10"))
        #expect(progress.message.contains("place 4 more orders"))
        #expect(progress.message.contains("Silver"))
        #expect(progress.messageZh.contains("2027-02-10"))
        #expect(progress.messageZh.contains("再消费 ¥1,240.00"))
        #expect(progress.messageZh.contains("再下 4 单"))
        #expect(progress.messageZh.contains("银卡会员"))
        #expect(summary.points.balance == 760)
        #expect(summary.points.available == 760)
        #expect(summary.points.nextExpiry == Self.date("2028-01-01T00:00:00Z"))
        #expect(summary.points.expiringPoints == 760)
        #expect(summary.points.valueMinor == 760) // 760 points × 100 fen / 100 points
    }

    /// `TierProgress` promises the date "before today's oldest counted order leaves the window"; an order that was
    /// wholly refunded no longer counts (`OrderActivity.counts`), adds nothing to any measure, and its leaving the
    /// window changes nothing — so the deadline is set by the oldest order that still counts.
    @Test func theProgressDeadlineIgnoresAWhollyRefundedOrder() throws {
        let customer = UUID()
        var engine = Self.engine(Self.programme(), customer)
        var refunded = Self.cashOrder(customer, at: "2026-02-10T09:00:00Z", minor: 30_000)
        try engine.apply(Self.placed(refunded), strict: true)
        try engine.apply(Self.placed(Self.cashOrder(customer, at: "2026-05-20T09:00:00Z", minor: 46_000, pos: "P2")), strict: true)
        let back = OrderReturn(orderId: refunded.id, lines: [.init(lineNumber: 1, quantity: 1)],
                               refunds: [Payment(method: .cash, amountMinor: 30_000)], reason: "r", createdAt: Self.date("2026-05-25T09:00:00Z"))
        refunded.status = .refunded
        try engine.apply(.refunded(refunded, back), strict: true)
        let now = Self.date("2026-06-01T00:00:00Z")
        engine.advance(to: now)
        let summary = engine.summary(at: now, reason: nil)
        // The refunded order adds 30,000 − 30,000 = 0 spend, no order and 300 − 300 = 0 points.
        #expect(summary.window == WindowMetrics(netSpendMinor: 46_000, orders: 1, pointsEarned: 460))
        let progress = try #require(summary.progress)
        // 200,000 − 46,000 = 154,000; 6 − 1 = 5.
        #expect(progress.gaps.map(\.remaining) == [154_000, 5])
        #expect(progress.message.contains("spend ¥1,540.00 more"))
        // The oldest order that counts is 2026-05-20 → 2027-05-20, not the refunded one's 2027-02-10.
        #expect(progress.by == Self.date("2027-05-20T09:00:00Z"))
        #expect(progress.message.contains("by 2027-05-20"))
    }
}
