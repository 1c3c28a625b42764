/// What a person looks for in the catalogue: part of a SKU or of either name, and optionally the products of
/// some categories (a category and everything under it, which the service works out).
public struct ProductQuery: Sendable, Equatable {
    public var text: String?
    public var categoryIds: [ProductCategory.ID]?

    public init(text: String? = nil, categoryIds: [ProductCategory.ID]? = nil) {
        self.text = text
        self.categoryIds = categoryIds
    }
}
