import Foundation
import PatronCore
import Testing

/// What the models do with data they cannot use: invalid summaries are counted and left out, too little data
/// is a typed error, and the scores stay finite where the hypergeometric series is hardest.
@Suite struct CLVInputTests {
    static let parameters = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)

    @Test func invalidSummariesAreSkippedAndCounted() throws {
        var summaries = try CDNOWData.load()
        summaries.append(.init(frequency: 2, recency: 40, age: 10))
        summaries.append(.init(frequency: 1, recency: .nan, age: 10))
        summaries.append(.init(frequency: -1, recency: 0, age: 10))
        summaries.append(.init(frequency: 1, recency: 1, age: .infinity))
        let fit = try BGNBD.fit(summaries)
        #expect(fit.skipped == 4)
        #expect(fit.customers == 2_357)
        #expect(abs(fit.parameters.r - 0.243) < 0.0025)
    }

    @Test func tooLittleDataIsATypedError() {
        #expect(throws: InsightError.self) { try BGNBD.fit([PurchaseSummary]()) }
        #expect(throws: InsightError.self) {
            try BGNBD.fit((0..<50).map { PurchaseSummary(frequency: 0, recency: 0, age: Double($0 + 1)) })
        }
        #expect(throws: InsightError.self) { try GammaGamma.fit([PurchaseSummary(frequency: 1, recency: 1, age: 2, averageSpend: 0)]) }
    }

    /// A very frequent buyer and a horizon far beyond the customer's age: the plain series would overflow and the
    /// transformed one must still converge.
    @Test func scoresStayFiniteAtTheExtremes() {
        let heavy = PurchaseSummary(frequency: 500, recency: 51.95, age: 52, averageSpend: 30)
        let expected = BGNBD.expectedPurchases(Self.parameters, over: 52, for: heavy)
        #expect(expected.isFinite && expected > 100)
        let newcomer = PurchaseSummary(frequency: 0, recency: 0, age: 0)
        let longRun = BGNBD.expectedPurchases(Self.parameters, over: 2_000, for: newcomer)
        #expect(longRun.isFinite && longRun > BGNBD.expectedPurchases(Self.parameters, over: 52, for: newcomer))
        #expect(BGNBD.probabilityAlive(Self.parameters, for: heavy) > 0.9)
    }

    @Test func identicalSummariesShareAGroup() {
        let one = PurchaseSummary(frequency: 1, recency: 2, age: 3)
        let groups = WeightedSummary.grouped([one, one, .init(frequency: 0, recency: 0, age: 3), one])
        #expect(groups == [WeightedSummary(one, count: 3), WeightedSummary(.init(frequency: 0, recency: 0, age: 3), count: 1)])
    }
}
