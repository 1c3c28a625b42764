import Foundation

/// A product suggested to a customer, and why.
public struct Recommendation: Sendable, Equatable {
    public var productId: Product.ID
    public var sku: String
    /// The product's Chinese name, as on receipts.
    public var name: String
    public var categoryId: ProductCategory.ID?
    /// For `boughtWith`, the summed recency-weighted similarity to the customer's purchases; for
    /// `popularInCategory`, the product's recent buyers as a share of the top seller's. Items with a
    /// `boughtWith` reason always come first.
    public var score: Double
    public var reason: Reason

    public enum Reason: Sendable, Equatable {
        /// The strongest contribution came from the customer's purchase of this product.
        case boughtWith(productId: Product.ID, productName: String)
        /// Too few co-purchase suggestions; this sells well in one of the customer's categories.
        case popularInCategory(categoryId: ProductCategory.ID?, categoryName: String?)

        /// The reason as a staff member reads it.
        public var text: String {
            switch self {
            case .boughtWith(_, let name): "bought with \(name)"
            case .popularInCategory(_, let name?): "popular in \(name)"
            case .popularInCategory(_, nil): "popular"
            }
        }
    }

    public init(productId: Product.ID, sku: String, name: String, categoryId: ProductCategory.ID?, score: Double, reason: Reason) {
        self.productId = productId
        self.sku = sku
        self.name = name
        self.categoryId = categoryId
        self.score = score
        self.reason = reason
    }
}
