import Foundation

/// Persistence for the recommendation model, seen from the domain.
public protocol RecommendationRepository: Sendable {
    /// Recomputes the co-purchase neighbours and product popularity from the orders in the window before
    /// `now` and replaces the stored model in one transaction.
    func rebuild(at now: Date, settings: RecommendationSettings) async throws -> RecommendationRebuild
    /// The customer's distinct products in the window before `now`, most recent first, at most `limit`;
    /// only orders of `store` when given.
    func history(of customer: Customer.ID, store: Store.ID?, since: Date, before now: Date, limit: Int) async throws -> [RecommendationInput.Purchase]
    /// The stored neighbours of `products` that are still sold.
    func neighbours(of products: [Product.ID]) async throws -> [RecommendationInput.Neighbour]
    /// The best sellers still sold, by recent then all buyers: first those of `categories`, then any, at most
    /// `limit` of each.
    func popular(in categories: [ProductCategory.ID], limit: Int) async throws -> [RecommendationInput.Popularity]
    /// The products and categories the list names.
    func catalogue(products: Set<Product.ID>, categories: Set<ProductCategory.ID>) async throws
        -> (products: [Product.ID: Product], categories: [ProductCategory.ID: ProductCategory])
}

/// What a rebuild stored.
public struct RecommendationRebuild: Sendable, Equatable {
    public var products: Int
    public var pairs: Int
    public var computedAt: Date

    public init(products: Int, pairs: Int, computedAt: Date) {
        self.products = products
        self.pairs = pairs
        self.computedAt = computedAt
    }
}
