/// Persistence for stores, seen from the domain. Changes are stored with their audit event.
public protocol StoreRepository: Sendable {
    func create(_ store: Store, audit: AuditEvent) async throws
    func update(_ store: Store, audit: AuditEvent) async throws
    func find(_ id: Store.ID) async throws -> Store?
    /// Stores ordered by code.
    func list(_ page: PageRequest) async throws -> Page<Store>
}
