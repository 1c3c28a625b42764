/// Persistence for the product catalogue, seen from the domain.
public protocol ProductRepository: Sendable {
    /// Products ordered by SKU.
    func list(_ page: PageRequest) async throws -> Page<Product>
}
