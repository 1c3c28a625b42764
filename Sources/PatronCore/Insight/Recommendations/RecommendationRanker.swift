import Foundation

/// Scores candidates for one customer: each neighbour of a recent purchase earns the similarity times the
/// purchase's recency weight (`0.5^(age / half-life)`), summed over purchases; the purchase that gave the most
/// is the reason. When that yields fewer than `limit`, the best sellers of the customer's most bought
/// categories fill the list, then the chain's. What the customer bought within `excludeDays` and what the
/// caller's `sellable` rejects never appear. Pure, so the evaluation ranks exactly as the endpoint does.
public struct RecommendationRanker: Sendable {
    public let settings: RecommendationSettings

    public init(settings: RecommendationSettings) {
        self.settings = settings
    }

    /// The customer's categories, most bought first (orders summed over products), ties by id.
    public func preferredCategories(_ history: [RecommendationInput.Purchase]) -> [ProductCategory.ID] {
        var orders: [ProductCategory.ID: Int] = [:]
        for purchase in history {
            if let category = purchase.categoryId { orders[category, default: 0] += purchase.orders }
        }
        return orders.sorted { ($0.value, $1.key.uuidString) > ($1.value, $0.key.uuidString) }
            .prefix(settings.preferredCategories).map(\.key)
    }

    /// Products bought within `excludeDays` of `now`.
    public func excluded(_ history: [RecommendationInput.Purchase], at now: Date) -> Set<Product.ID> {
        let since = now.addingTimeInterval(-Double(settings.excludeDays) * 86_400)
        return Set(history.filter { $0.lastBoughtAt >= since }.map(\.productId))
    }

    /// `popular` is sorted best first; `neighbours` hold the rows of the history's products.
    public func rank(history: [RecommendationInput.Purchase], neighbours: [RecommendationInput.Neighbour],
                     popular: [RecommendationInput.Popularity], sellable: (Product.ID) -> Bool,
                     at now: Date, limit: Int) -> [RankedCandidate] {
        let excluded = excluded(history, at: now)
        let weights = Dictionary(history.map { ($0.productId, recencyWeight(of: $0.lastBoughtAt, at: now)) }, uniquingKeysWith: max)
        var totals: [Product.ID: Double] = [:]
        var strongest: [Product.ID: (source: Product.ID, contribution: Double)] = [:]
        for row in neighbours {
            guard let weight = weights[row.productId], !excluded.contains(row.neighbourId), sellable(row.neighbourId) else { continue }
            let contribution = row.score * weight
            totals[row.neighbourId, default: 0] += contribution
            if let best = strongest[row.neighbourId],
               (best.contribution, row.productId.uuidString) >= (contribution, best.source.uuidString) { continue }
            strongest[row.neighbourId] = (row.productId, contribution)
        }
        var ranked = totals.filter { $0.value > 0 }
            .sorted { ($0.value, $1.key.uuidString) > ($1.value, $0.key.uuidString) }
            .prefix(limit)
            .map { RankedCandidate(productId: $0.key, score: $0.value, basis: .boughtWith(strongest[$0.key]!.source)) }
        guard ranked.count < limit else { return ranked }
        let top = Double(max(1, popular.map(\.recentBuyers).max() ?? 1))
        var taken = Set(ranked.map(\.productId))
        let preferred = preferredCategories(history)
        let inPreferred = popular.filter { $0.categoryId.map(preferred.contains) ?? false }
        for item in inPreferred + popular where ranked.count < limit {
            guard !taken.contains(item.productId), !excluded.contains(item.productId), sellable(item.productId) else { continue }
            taken.insert(item.productId)
            ranked.append(RankedCandidate(productId: item.productId, score: Double(item.recentBuyers) / top,
                                          basis: .popularInCategory(item.categoryId)))
        }
        return ranked
    }

    func recencyWeight(of date: Date, at now: Date) -> Double {
        let ageDays = max(0, now.timeIntervalSince(date) / 86_400)
        return pow(0.5, ageDays / max(1, settings.halfLifeDays))
    }
}
