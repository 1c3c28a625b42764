import Foundation

/// How well recommendations predict each customer's last basket, against recommending the top sellers.
public struct RecommendationEvaluation: Sendable, Equatable {
    /// Share of customers with at least one item of their held-out basket in the top `k`, and the average
    /// share of each held-out basket's distinct products found in the top `k`.
    public struct Figures: Sendable, Equatable {
        public var hitRate: Double
        public var recall: Double

        public init(hitRate: Double, recall: Double) {
            self.hitRate = hitRate
            self.recall = recall
        }
    }

    /// Customers with two or more baskets, whose last one was held out.
    public var customers: Int
    public var k: Int
    public var model: Figures
    public var popularity: Figures

    public init(customers: Int, k: Int, model: Figures, popularity: Figures) {
        self.customers = customers
        self.k = k
        self.model = model
        self.popularity = popularity
    }

    public var modelBeatsPopularity: Bool { model.hitRate > popularity.hitRate && model.recall > popularity.recall }
}
