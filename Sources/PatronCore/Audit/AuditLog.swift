/// The append-only audit trail. There is deliberately no update or delete.
public protocol AuditLog: Sendable {
    /// Records events that accompany no other change (reads, failed attempts).
    func append(_ events: [AuditEvent]) async throws
    /// Newest first.
    func list(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent>
}
