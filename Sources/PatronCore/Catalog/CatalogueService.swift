import Foundation

/// The catalogue the tills sell from: a category tree and products with bilingual names and list prices.
/// SKUs and category codes are unique and never reused for something else.
public struct CatalogueService: Sendable {
    let products: any ProductRepository

    public init(products: any ProductRepository) { self.products = products }

    public func list(_ page: PageRequest, by caller: Caller) async throws -> Page<Product> {
        try caller.require(.productsRead)
        return try await products.list(page)
    }

    public func find(_ id: Product.ID, by caller: Caller) async throws -> Product {
        try caller.require(.productsRead)
        guard let product = try await products.find(id) else { throw PatronError.notFound(resource: "product", id: id.uuidString.lowercased()) }
        return product
    }

    /// The product a till or a console form names by SKU (an exchange's replacement lines).
    public func find(sku: String, by caller: Caller) async throws -> Product {
        try caller.require(.productsRead)
        guard let product = try await products.find(sku: sku) else { throw PatronError.notFound(resource: "product", id: sku) }
        return product
    }

    /// Creates the product, or with `upsert` updates the one with the same SKU (catalogue feeds).
    @discardableResult
    public func save(_ product: Product, upsert: Bool = false, by caller: Caller, requestId: String?) async throws -> (Product, created: Bool) {
        try caller.require(.productsWrite)
        try await validate(product)
        if let existing = try await products.find(sku: product.sku), existing.id != product.id {
            guard upsert else { throw PatronError.conflict(field: "sku", message: "SKU \(product.sku) already exists") }
            var updated = product
            updated.id = existing.id
            try await products.save(updated, isNew: false, audit: event("product.updated", updated, caller, requestId))
            return (updated, false)
        }
        let isNew = try await products.find(product.id) == nil
        try await products.save(product, isNew: isNew, audit: event(isNew ? "product.created" : "product.updated", product, caller, requestId))
        return (product, isNew)
    }

    /// Applies `change` to the stored product and saves it: a partial update needs `products.write` only, not
    /// the read permission a separate lookup would ask for.
    public func update(_ id: Product.ID, by caller: Caller, requestId: String?, applying change: (inout Product) throws -> Void) async throws -> Product {
        try caller.require(.productsWrite)
        guard var product = try await products.find(id) else { throw PatronError.notFound(resource: "product", id: id.uuidString.lowercased()) }
        try change(&product)
        product.id = id
        return try await save(product, by: caller, requestId: requestId).0
    }

    public func categories(by caller: Caller) async throws -> [ProductCategory] {
        try caller.require(.productsRead)
        return try await products.categories()
    }

    /// Creates the category, or changes the one with its id.
    public func save(_ category: ProductCategory, by caller: Caller, requestId: String?) async throws -> ProductCategory {
        try caller.require(.productsWrite)
        return try await store(category, all: try await products.categories(), by: caller, requestId: requestId)
    }

    /// Changes a category that exists; one that does not is `notFound` rather than created under a chosen id.
    public func update(_ category: ProductCategory, by caller: Caller, requestId: String?) async throws -> ProductCategory {
        try caller.require(.productsWrite)
        let all = try await products.categories()
        guard all.contains(where: { $0.id == category.id }) else {
            throw PatronError.notFound(resource: "category", id: category.id.uuidString.lowercased())
        }
        return try await store(category, all: all, by: caller, requestId: requestId)
    }

    /// The rules every category write keeps: a unique code, and a parent chain that exists, has no cycle and
    /// nests at most 8 levels.
    private func store(_ category: ProductCategory, all: [ProductCategory], by caller: Caller, requestId: String?) async throws -> ProductCategory {
        try Validate.text(category.code, field: "code", maxLength: 32)
        try Validate.text(category.nameZh, field: "nameZh", maxLength: 60)
        try Validate.text(category.nameEn, field: "nameEn", maxLength: 60)
        if let clash = all.first(where: { $0.code == category.code && $0.id != category.id }) {
            throw PatronError.conflict(field: "code", message: "category code \(category.code) belongs to \(clash.nameEn)")
        }
        var parent = category.parentId
        var depth = 0
        while let current = parent {
            guard current != category.id else { throw PatronError.invalid(field: "parentId", message: "a category cannot sit under itself") }
            guard let node = all.first(where: { $0.id == current }) else {
                throw PatronError.invalid(field: "parentId", message: "there is no category \(current.uuidString.lowercased())")
            }
            depth += 1
            guard depth <= 8 else { throw PatronError.invalid(field: "parentId", message: "categories nest at most 8 levels") }
            parent = node.parentId
        }
        let isNew = !all.contains { $0.id == category.id }
        try await products.save(category, isNew: isNew, audit: AuditEvent(
            actor: caller.actor, action: isNew ? "category.created" : "category.updated", resourceType: "category",
            resourceId: category.id.uuidString.lowercased(), requestId: requestId, details: ["code": category.code]))
        return category
    }

    private func validate(_ product: Product) async throws {
        try Validate.text(product.sku, field: "sku", maxLength: 64)
        guard product.sku.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw PatronError.invalid(field: "sku", message: "a SKU has ASCII letters, digits, '-', '_' or '.'")
        }
        try Validate.text(product.nameZh, field: "nameZh", maxLength: 120)
        try Validate.text(product.nameEn, field: "nameEn", maxLength: 120)
        if let brand = product.brand { try Validate.text(brand, field: "brand", maxLength: 60) }
        try Limits.check(product.listPrice.minorUnits, in: Limits.moneyMinor, field: "listPrice")
        if let category = product.categoryId, try await !products.categories().contains(where: { $0.id == category }) {
            throw PatronError.invalid(field: "categoryId", message: "there is no category \(category.uuidString.lowercased())")
        }
    }

    private func event(_ action: String, _ product: Product, _ caller: Caller, _ requestId: String?) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "product", resourceId: product.id.uuidString.lowercased(),
                   requestId: requestId, details: ["sku": product.sku, "listPrice": String(product.listPrice.minorUnits)])
    }
}
