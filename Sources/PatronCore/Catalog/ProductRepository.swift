/// Persistence for the product catalogue, seen from the domain. Changes carry their audit event.
public protocol ProductRepository: Sendable {
    /// Products ordered by SKU.
    func list(_ page: PageRequest) async throws -> Page<Product>
    /// Products matching the query, ordered by SKU.
    func search(_ query: ProductQuery, page: PageRequest) async throws -> Page<Product>
    /// Product ids of the given SKUs; unknown SKUs are absent from the answer.
    func ids(forSKUs skus: [String]) async throws -> [String: Product.ID]
    func find(_ id: Product.ID) async throws -> Product?
    func find(sku: String) async throws -> Product?
    func save(_ product: Product, isNew: Bool, audit: AuditEvent) async throws
    func categories() async throws -> [ProductCategory]
    func save(_ category: ProductCategory, isNew: Bool, audit: AuditEvent) async throws
}
