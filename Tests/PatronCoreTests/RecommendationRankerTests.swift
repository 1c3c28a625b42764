import Foundation
import PatronCore
import Testing

/// The ranking both the endpoint and the evaluation use: recency-weighted sums, the strongest purchase as the
/// reason, exclusions, and the category fallback.
struct RecommendationRankerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let old = UUID(), recent = UUID(), shared = UUID(), onlyOld = UUID(), popular = UUID(), gone = UUID()
    let category = UUID()

    func days(_ n: Double) -> Date { now.addingTimeInterval(-n * 86_400) }

    @Test func aRecentPurchaseOutweighsAnOldOneAndIsTheReason() {
        let ranker = RecommendationRanker(settings: .init(halfLifeDays: 30))
        let history = [RecommendationInput.Purchase(productId: old, categoryId: category, lastBoughtAt: days(180), orders: 3),
                       RecommendationInput.Purchase(productId: recent, categoryId: category, lastBoughtAt: days(40), orders: 1)]
        let neighbours = [RecommendationInput.Neighbour(productId: old, neighbourId: shared, score: 0.9),
                          RecommendationInput.Neighbour(productId: recent, neighbourId: shared, score: 0.3),
                          RecommendationInput.Neighbour(productId: old, neighbourId: onlyOld, score: 0.9),
                          RecommendationInput.Neighbour(productId: recent, neighbourId: gone, score: 0.8)]
        let ranked = ranker.rank(history: history, neighbours: neighbours,
                                 popular: [.init(productId: popular, categoryId: category, buyers: 50, recentBuyers: 20)],
                                 sellable: { $0 != gone }, at: now, limit: 3)
        #expect(ranked.map(\.productId) == [shared, onlyOld, popular])
        #expect(ranked[0].basis == .boughtWith(recent), "0.3 × 0.5^(40/30) beats 0.9 × 0.5^(180/30)")
        #expect(ranked[2].basis == .popularInCategory(category) && ranked[2].score == 1)
    }

    @Test func leavesOutWhatWasBoughtWithinTheExclusionWindow() {
        let ranker = RecommendationRanker(settings: .init(excludeDays: 30))
        let history = [RecommendationInput.Purchase(productId: old, categoryId: nil, lastBoughtAt: days(10), orders: 1),
                       RecommendationInput.Purchase(productId: recent, categoryId: nil, lastBoughtAt: days(5), orders: 1)]
        let neighbours = [RecommendationInput.Neighbour(productId: old, neighbourId: recent, score: 0.9),
                          RecommendationInput.Neighbour(productId: recent, neighbourId: shared, score: 0.5)]
        let ranked = ranker.rank(history: history, neighbours: neighbours,
                                 popular: [.init(productId: old, categoryId: nil, buyers: 9, recentBuyers: 9)],
                                 sellable: { _ in true }, at: now, limit: 10)
        #expect(ranked.map(\.productId) == [shared])
    }
}
