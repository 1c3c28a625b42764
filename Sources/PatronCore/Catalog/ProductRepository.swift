/// Persistence for the product catalogue, seen from the domain.
public protocol ProductRepository: Sendable {
    /// Products ordered by SKU.
    func list(_ page: PageRequest) async throws -> Page<Product>
    /// Product ids of the given SKUs; unknown SKUs are absent from the answer.
    func ids(forSKUs skus: [String]) async throws -> [String: Product.ID]
}
