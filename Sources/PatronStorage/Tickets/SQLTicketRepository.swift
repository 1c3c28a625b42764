import Foundation
import PatronCore
import SQLKit

/// Tickets with descriptions and message bodies sealed by `FieldCipher`. Every write stores the ticket, its
/// history lines and audit entry and publishes its `TicketNotice`s in one transaction, so the SLA clock never
/// misses a change that was stored.
public struct SQLTicketRepository: TicketRepository {
    let database: Database
    let rows: TicketRows
    let events: DomainEvents

    public init(_ database: Database, cipher: FieldCipher, events: DomainEvents = .standard) {
        self.database = database
        rows = TicketRows(cipher: cipher)
        self.events = events
    }

    public func find(_ id: Ticket.ID) async throws -> Ticket? {
        try await database.read { sql in try await sql.select().column("*").from("tickets").where("id", .equal, id).first().map(rows.decode) }
    }

    public func list(_ filter: TicketFilter, page: PageRequest) async throws -> Page<Ticket> {
        try await database.read { sql in
            let result = try await timeOrderedRows(sql, table: "tickets", timeColumn: "created_at", page: page) { select in
                var select = select
                if let queue = filter.queue { select = select.where("queue", .equal, queue.rawValue) }
                if !filter.statuses.isEmpty { select = select.where("status", .in, filter.statuses.map(\.rawValue).sorted()) }
                if let store = filter.storeId { select = select.where("store_id", .equal, store) }
                if let assignee = filter.assigneeId { select = select.where("assignee_id", .equal, assignee) }
                if let customer = filter.customerId { select = select.where("customer_id", .equal, customer) }
                if filter.escalatedOnly { select = select.where("escalated", .equal, true) }
                return select
            }
            return Page(items: try result.rows.map(rows.decode), nextCursor: result.nextCursor)
        }
    }

    public func insert(_ ticket: Ticket, events: [TicketEvent], notices: [TicketNotice], audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await rows.insert(ticket, events: events, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
            try await self.events.publish(notices.map { .ticketChanged($0) }, on: sql)
        }
    }

    public func update(_ ticket: Ticket, message: TicketMessage?, events: [TicketEvent], notices: [TicketNotice], audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await rows.update(ticket, on: sql)
            if let message { try await rows.insert(message, on: sql) }
            try await TicketRows.insert(events, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
            try await self.events.publish(notices.map { .ticketChanged($0) }, on: sql)
        }
    }

    public func messages(of ticket: Ticket.ID) async throws -> [TicketMessage] {
        try await database.read { sql in
            try await sql.select().column("*").from("ticket_messages").where("ticket_id", .equal, ticket).orderBy("at").orderBy("id").all()
                .map(rows.decodeMessage)
        }
    }

    public func history(of ticket: Ticket.ID) async throws -> [TicketEvent] {
        try await database.read { sql in
            try await sql.select().column("*").from("ticket_events").where("ticket_id", .equal, ticket).orderBy("at").orderBy("id").all()
                .map(TicketRows.decodeEvent)
        }
    }

    public func routingRules() async throws -> [TicketRoutingRule] {
        try await database.read { sql in try await TicketRows.routingRules(on: sql) }
    }

    public func saveRoutingRules(_ rules: [TicketRoutingRule], audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.delete(from: "ticket_routing_rules").run()
            if !rules.isEmpty {
                try await sql.insert(into: "ticket_routing_rules").columns("position", "kind", "category", "channel", "store_id", "queue", "assignee_id")
                    .rows(rules.enumerated().map { index, rule in
                        [SQLBind(index + 1), SQLBind(rule.kind?.rawValue), SQLBind(rule.category), SQLBind(rule.channel?.rawValue),
                         SQLBind(rule.storeId), SQLBind(rule.queue.rawValue), SQLBind(rule.assigneeId)]
                    })
                    .run()
            }
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func tierBoost(of customer: Customer.ID) async throws -> Int {
        try await database.read { sql in try await TicketRows.tierBoost(of: customer, on: sql) }
    }
}
