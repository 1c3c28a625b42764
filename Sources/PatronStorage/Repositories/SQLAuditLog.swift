import Foundation
import PatronCore
import SQLKit

public struct SQLAuditLog: AuditLog {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func append(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        try await database.transaction { sql in try await Self.insert(events, on: sql) }
    }

    public func list(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent> {
        try await database.read { sql in
            let page = try await timeOrderedRows(sql, table: "audit_log", timeColumn: "at", page: page,
                                                 from: filter.from, to: filter.to) { query in
                var query = query
                if let actor = filter.actorId { query = query.where("actor_id", .equal, actor) }
                if let action = filter.action { query = query.where("action", .equal, action) }
                if let type = filter.resourceType { query = query.where("resource_type", .equal, type) }
                if let id = filter.resourceId { query = query.where("resource_id", .equal, id) }
                if let outcome = filter.outcome { query = query.where("outcome", .equal, outcome.rawValue) }
                return query
            }
            return Page(items: try page.rows.map(Self.decode), nextCursor: page.nextCursor)
        }
    }

    /// Writes events inside the caller's transaction, so a change and its audit entry commit together.
    static func insert(_ events: [AuditEvent], on sql: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let rows: [[any SQLExpression]] = try events.map { e in
            [SQLBind(e.id), SQLBind(e.at), SQLBind(e.actor.kind.rawValue), SQLBind(e.actor.id), SQLBind(e.actor.name),
             SQLBind(e.action), SQLBind(e.resourceType), SQLBind(e.resourceId), SQLBind(e.fields.joined(separator: ",")),
             SQLBind(e.purpose), SQLBind(e.outcome.rawValue), SQLBind(e.requestId),
             SQLBind(String(decoding: try encoder.encode(e.details), as: UTF8.self))]
        }
        try await sql.insert(into: "audit_log")
            .columns("id", "at", "actor_kind", "actor_id", "actor_name", "action", "resource_type", "resource_id", "fields",
                     "purpose", "outcome", "request_id", "details")
            .rows(rows)
            .run()
    }

    static func decode(_ row: any SQLRow) throws -> AuditEvent {
        let fields = try row.decode(column: "fields", as: String.self)
        let details = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "details", as: String.self).utf8))
        return AuditEvent(
            id: try row.decode(column: "id", as: UUID.self), at: try row.decode(column: "at", as: Date.self),
            actor: .init(kind: try row.decodeEnum(column: "actor_kind", as: AuditEvent.Actor.Kind.self),
                         id: try row.decode(column: "actor_id", as: String?.self), name: try row.decode(column: "actor_name", as: String?.self)),
            action: try row.decode(column: "action", as: String.self),
            resourceType: try row.decode(column: "resource_type", as: String?.self),
            resourceId: try row.decode(column: "resource_id", as: String?.self),
            fields: fields.isEmpty ? [] : fields.split(separator: ",").map(String.init),
            purpose: try row.decode(column: "purpose", as: String?.self),
            outcome: try row.decodeEnum(column: "outcome", as: AuditEvent.Outcome.self),
            requestId: try row.decode(column: "request_id", as: String?.self), details: details)
    }
}
