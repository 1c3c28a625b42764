/// Persistence for roles. Changes are stored with their audit event in one transaction.
public protocol RoleRepository: Sendable {
    func all() async throws -> [Role]
    func find(_ name: String) async throws -> Role?
    /// The named roles that exist, in one read; names of deleted roles are skipped.
    func roles(named names: [String]) async throws -> [Role]
    func create(_ role: Role, audit: AuditEvent) async throws
    func update(_ role: Role, audit: AuditEvent) async throws
    /// Deletes a custom role no staff member holds.
    func delete(_ name: String, audit: AuditEvent) async throws
}
