/// Persistence for stores, seen from the domain.
public protocol StoreRepository: Sendable {
    func create(_ store: Store) async throws
    func find(_ id: Store.ID) async throws -> Store?
    /// Stores ordered by code.
    func list(_ page: PageRequest) async throws -> Page<Store>
}
