import Foundation

extension CatalogueService {
    /// Products whose SKU or name contains `text` (case-insensitive for Latin letters), within `category` and
    /// every category below it, ordered by SKU. A search text is at most 64 characters.
    public func search(text: String?, category: ProductCategory.ID?, page: PageRequest, by caller: Caller) async throws -> Page<Product> {
        try caller.require(.productsRead)
        if let text { try Validate.text(text, field: "q", maxLength: 64) }
        var query = ProductQuery(text: text)
        if let category {
            let all = try await products.categories()
            guard all.contains(where: { $0.id == category }) else {
                throw PatronError.invalid(field: "category", message: "there is no category \(category.uuidString.lowercased())")
            }
            query.categoryIds = Self.subtree(of: category, in: all)
        }
        return try await products.search(query, page: page)
    }

    /// The category and its descendants; the tree is at most 8 levels deep, so a breadth-first walk is enough.
    static func subtree(of root: ProductCategory.ID, in all: [ProductCategory]) -> [ProductCategory.ID] {
        var found = [root]
        var frontier = [root]
        while !frontier.isEmpty {
            let children = all.filter { child in child.parentId.map(frontier.contains) ?? false }.map(\.id).filter { !found.contains($0) }
            found += children
            frontier = children
        }
        return found
    }
}
