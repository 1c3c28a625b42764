import Foundation

extension ServiceJob {
    /// Rebuilds the item-to-item recommendation model from the last year's orders, nightly.
    public static func recommendationsRebuild(_ recommendations: RecommendationService, interval: TimeInterval = 86_400) -> ServiceJob {
        ServiceJob(name: "recommendations.rebuild", interval: interval) { now, caller in
            let rebuild = try await recommendations.rebuild(at: now, by: caller)
            return "\(rebuild.products) products, \(rebuild.pairs) neighbour pairs"
        }
    }
}
