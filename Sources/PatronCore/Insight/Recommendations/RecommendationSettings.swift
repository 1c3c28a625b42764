import Foundation

/// How the item-to-item model is built and how a customer's list is scored. The defaults suit a chain
/// whose customers buy a few times a year from a catalogue of hundreds to tens of thousands of products.
///
/// Similarity is cosine with shrinkage: `co / sqrt(n_i × n_j) × co / (co + shrinkage)`, where `co` is the
/// number of customers who bought both products in the window and `n` the buyers of each. Cosine divides
/// out both products' popularity (lift would too, but is unbounded and ranks rare pairs first), and the
/// shrinkage factor discounts pairs seen only a handful of times, so a best seller is not everyone's
/// neighbour and two items bought together once do not top a list.
public struct RecommendationSettings: Sendable, Equatable {
    /// Purchases older than this before the rebuild are left out of the model.
    public var windowDays: Int
    /// `recent_buyers` counts buyers within this many days of the rebuild; the fallback ranks by it.
    public var recentDays: Int
    /// What the customer bought within this many days is not recommended again.
    public var excludeDays: Int
    /// The `λ` in `co / (co + λ)`.
    public var shrinkage: Double
    /// Neighbours kept per product.
    public var neighbours: Int
    /// Pairs bought by fewer customers than this are not stored.
    public var minimumSupport: Int
    /// Customers with more distinct products than this in the window (resellers, staff accounts) are left
    /// out of the pair counts, which bounds the self-join at `basketCap²` rows per customer.
    public var basketCap: Int
    /// A purchase this many days old weighs half as much as one made today.
    public var halfLifeDays: Double
    /// The customer's most recent distinct products that seed the list.
    public var historyLimit: Int
    /// How many of the customer's most bought categories the popularity fallback draws from first.
    public var preferredCategories: Int

    public init(windowDays: Int = 365, recentDays: Int = 90, excludeDays: Int = 30, shrinkage: Double = 5, neighbours: Int = 30,
                minimumSupport: Int = 2, basketCap: Int = 200, halfLifeDays: Double = 90, historyLimit: Int = 50,
                preferredCategories: Int = 2) {
        self.windowDays = windowDays
        self.recentDays = recentDays
        self.excludeDays = excludeDays
        self.shrinkage = shrinkage
        self.neighbours = neighbours
        self.minimumSupport = minimumSupport
        self.basketCap = basketCap
        self.halfLifeDays = halfLifeDays
        self.historyLimit = historyLimit
        self.preferredCategories = preferredCategories
    }

    /// The similarity of two products from their co-purchase and buyer counts.
    public func similarity(co: Int, buyersOfFirst: Int, buyersOfSecond: Int) -> Double {
        guard co > 0, buyersOfFirst > 0, buyersOfSecond > 0 else { return 0 }
        let c = Double(co)
        return c / (Double(buyersOfFirst) * Double(buyersOfSecond)).squareRoot() * c / (c + shrinkage)
    }
}
