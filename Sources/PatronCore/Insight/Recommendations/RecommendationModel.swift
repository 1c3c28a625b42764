import Foundation

/// What the scorer needs, as plain values so the same ranking serves the live endpoint and the offline
/// evaluation.
public enum RecommendationInput {
    /// One product the customer bought (net of lines returned in full), with the latest time.
    public struct Purchase: Sendable, Equatable {
        public var productId: Product.ID
        public var categoryId: ProductCategory.ID?
        public var lastBoughtAt: Date
        /// Orders it appeared in, for the category preference.
        public var orders: Int

        public init(productId: Product.ID, categoryId: ProductCategory.ID?, lastBoughtAt: Date, orders: Int) {
            self.productId = productId
            self.categoryId = categoryId
            self.lastBoughtAt = lastBoughtAt
            self.orders = orders
        }
    }

    /// One stored neighbour of a product.
    public struct Neighbour: Sendable, Equatable {
        public var productId: Product.ID
        public var neighbourId: Product.ID
        public var score: Double

        public init(productId: Product.ID, neighbourId: Product.ID, score: Double) {
            self.productId = productId
            self.neighbourId = neighbourId
            self.score = score
        }
    }

    /// A product's buyers in the model's window.
    public struct Popularity: Sendable, Equatable {
        public var productId: Product.ID
        public var categoryId: ProductCategory.ID?
        public var buyers: Int
        public var recentBuyers: Int

        public init(productId: Product.ID, categoryId: ProductCategory.ID?, buyers: Int, recentBuyers: Int) {
            self.productId = productId
            self.categoryId = categoryId
            self.buyers = buyers
            self.recentBuyers = recentBuyers
        }
    }
}

/// A ranked candidate before product names are attached.
public struct RankedCandidate: Sendable, Equatable {
    public enum Basis: Sendable, Equatable {
        case boughtWith(Product.ID)
        case popularInCategory(ProductCategory.ID?)
    }

    public var productId: Product.ID
    public var score: Double
    public var basis: Basis
}
