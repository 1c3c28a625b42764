import PatronCore

extension AuditEvent {
    /// An audit entry for changes a test makes directly through a repository.
    public static var test: AuditEvent {
        AuditEvent(actor: .init(kind: .system, id: nil, name: "test"), action: "test.change")
    }
}
