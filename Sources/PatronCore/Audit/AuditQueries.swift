/// Reading the audit trail, for auditors only.
public struct AuditQueries: Sendable {
    let log: any AuditLog

    public init(log: any AuditLog) { self.log = log }

    public func list(_ filter: AuditFilter, page: PageRequest, by caller: Caller) async throws -> Page<AuditEvent> {
        try caller.require(.auditView)
        if let from = filter.from, let to = filter.to, from > to {
            throw PatronError.invalid(field: "from", message: "from must not be after to")
        }
        return try await log.list(filter, page: page)
    }
}
