import Foundation
import PatronCore
import SQLKit

/// How tickets, their threads and histories are written and read. The repository, the event subscriber (which
/// opens follow-up tickets inside other modules' transactions) and the customer-data participant share it. A
/// cipher is needed only for sealed text; the subscriber writes tickets without a description and has none.
struct TicketRows: Sendable {
    let cipher: FieldCipher?

    struct NoCipher: Error, CustomStringConvertible {
        var description: String { "ticket text was written or read without the field cipher" }
    }

    static let columns = ["id", "kind", "priority", "channel", "status", "queue", "assignee_id", "customer_id", "store_id", "subject",
                          "description_enc", "category", "resolution_code", "order_id", "interaction_id", "attachments", "escalated",
                          "created_at", "updated_at", "first_replied_at", "resolved_at", "closed_at", "version"]

    /// Empty text is stored as empty bytes, so erased and empty descriptions need no key.
    func seal(_ text: String) throws -> Data {
        guard !text.isEmpty else { return Data() }
        guard let cipher else { throw NoCipher() }
        return try cipher.seal(text)
    }

    func open(_ sealed: Data) throws -> String {
        guard !sealed.isEmpty else { return "" }
        guard let cipher else { throw NoCipher() }
        return try cipher.open(sealed)
    }

    func values(_ t: Ticket) throws -> [any SQLExpression] {
        let attachments = String(decoding: try JSONEncoder.sorted.encode(t.attachments), as: UTF8.self)
        return [SQLBind(t.id), SQLBind(t.kind.rawValue), SQLBind(t.priority.rawValue), SQLBind(t.channel.rawValue), SQLBind(t.status.rawValue),
                SQLBind(t.queue.rawValue), SQLBind(t.assigneeId), SQLBind(t.customerId), SQLBind(t.storeId), SQLBind(t.subject),
                SQLBind(try seal(t.description)), SQLBind(t.category), SQLBind(t.resolutionCode?.rawValue), SQLBind(t.orderId),
                SQLBind(t.interactionId), SQLBind(attachments), SQLBind(t.escalated), SQLBind(t.createdAt), SQLBind(t.updatedAt),
                SQLBind(t.firstRepliedAt), SQLBind(t.resolvedAt), SQLBind(t.closedAt), SQLBind(t.version)]
    }

    func insert(_ ticket: Ticket, events: [TicketEvent], on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "tickets").columns(Self.columns).values(try values(ticket)).run()
        try await Self.insert(events, on: sql)
    }

    /// Writes the ticket if nobody changed it since `version - 1` was read.
    /// Writes the ticket if it is still at the version it was read at. One statement decides, so two writers
    /// racing on PostgreSQL cannot both pass a check and have the second update quietly match no row.
    func update(_ ticket: Ticket, on sql: any SQLDatabase) async throws {
        var update = sql.update("tickets")
        for (column, value) in zip(Self.columns, try values(ticket)).dropFirst() {
            update = update.set(SQLIdentifier(column), to: value)
        }
        guard try await update.where("id", .equal, ticket.id).where("version", .equal, ticket.version - 1).returning("id").first() != nil else {
            throw PatronError.conflict(field: "version", message: "someone else changed the ticket meanwhile; reload it and try again")
        }
    }

    func decode(_ row: any SQLRow) throws -> Ticket {
        Ticket(id: try row.decode(column: "id", as: UUID.self),
               kind: try row.decodeEnum(column: "kind"),
               priority: try row.decodeEnum(column: "priority"),
               channel: try row.decodeEnum(column: "channel"),
               status: try row.decodeEnum(column: "status"),
               queue: try row.decodeEnum(column: "queue"),
               assigneeId: try row.decode(column: "assignee_id", as: UUID?.self),
               customerId: try row.decode(column: "customer_id", as: UUID?.self),
               storeId: try row.decode(column: "store_id", as: UUID?.self),
               subject: try row.decode(column: "subject", as: String.self),
               description: try open(try row.decode(column: "description_enc", as: Data.self)),
               category: try row.decode(column: "category", as: String?.self),
               resolutionCode: try row.decodeEnumIfPresent(column: "resolution_code"),
               orderId: try row.decode(column: "order_id", as: UUID?.self),
               interactionId: try row.decode(column: "interaction_id", as: UUID?.self),
               attachments: try JSONDecoder().decode([Ticket.Attachment].self, from: Data(try row.decode(column: "attachments", as: String.self).utf8)),
               escalated: try row.decode(column: "escalated", as: Bool.self),
               createdAt: try row.decode(column: "created_at", as: Date.self),
               updatedAt: try row.decode(column: "updated_at", as: Date.self),
               firstRepliedAt: try row.decode(column: "first_replied_at", as: Date?.self),
               resolvedAt: try row.decode(column: "resolved_at", as: Date?.self),
               closedAt: try row.decode(column: "closed_at", as: Date?.self),
               version: try row.decode(column: "version", as: Int.self))
    }

    func insert(_ message: TicketMessage, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "ticket_messages")
            .columns("id", "ticket_id", "kind", "body_enc", "author_kind", "author_id", "author_name", "at", "delivery", "delivery_channel",
                     "delivery_reference")
            .values(SQLBind(message.id), SQLBind(message.ticketId), SQLBind(message.kind.rawValue), SQLBind(try seal(message.body)),
                    SQLBind(message.author.kind.rawValue), SQLBind(message.author.id), SQLBind(message.author.name), SQLBind(message.at),
                    SQLBind(message.delivery?.outcome.rawValue), SQLBind(message.delivery?.channel?.rawValue),
                    SQLBind(message.delivery?.reference))
            .run()
    }

    func decodeMessage(_ row: any SQLRow) throws -> TicketMessage {
        let delivery: TicketMessage.Delivery? = try row.decodeEnumIfPresent(column: "delivery", as: TicketMessage.Delivery.Outcome.self).map {
            TicketMessage.Delivery(outcome: $0, channel: try row.decodeEnumIfPresent(column: "delivery_channel"),
                                   reference: try row.decode(column: "delivery_reference", as: String?.self))
        }
        return TicketMessage(id: try row.decode(column: "id", as: UUID.self), ticketId: try row.decode(column: "ticket_id", as: UUID.self),
                             kind: try row.decodeEnum(column: "kind"), body: try open(try row.decode(column: "body_enc", as: Data.self)),
                             author: .init(kind: try row.decodeEnum(column: "author_kind"), id: try row.decode(column: "author_id", as: String?.self),
                                           name: try row.decode(column: "author_name", as: String?.self)),
                             at: try row.decode(column: "at", as: Date.self), delivery: delivery)
    }

    static func insert(_ events: [TicketEvent], on sql: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        try await sql.insert(into: "ticket_events")
            .columns("id", "ticket_id", "at", "actor_kind", "actor_id", "actor_name", "action", "from_value", "to_value")
            .rows(events.map { e in
                [SQLBind(e.id), SQLBind(e.ticketId), SQLBind(e.at), SQLBind(e.actor.kind.rawValue), SQLBind(e.actor.id), SQLBind(e.actor.name),
                 SQLBind(e.action.rawValue), SQLBind(e.from), SQLBind(e.to)]
            })
            .run()
    }

    static func decodeEvent(_ row: any SQLRow) throws -> TicketEvent {
        TicketEvent(id: try row.decode(column: "id", as: UUID.self), ticketId: try row.decode(column: "ticket_id", as: UUID.self),
                    at: try row.decode(column: "at", as: Date.self),
                    actor: .init(kind: try row.decodeEnum(column: "actor_kind"), id: try row.decode(column: "actor_id", as: String?.self),
                                 name: try row.decode(column: "actor_name", as: String?.self)),
                    action: try row.decodeEnum(column: "action"), from: try row.decode(column: "from_value", as: String?.self),
                    to: try row.decode(column: "to_value", as: String?.self))
    }

    static func routingRules(on sql: any SQLDatabase) async throws -> [TicketRoutingRule] {
        try await sql.select().column("*").from("ticket_routing_rules").orderBy("position").all().map { row in
            TicketRoutingRule(kind: try row.decodeEnumIfPresent(column: "kind"), category: try row.decode(column: "category", as: String?.self),
                              channel: try row.decodeEnumIfPresent(column: "channel"), storeId: try row.decode(column: "store_id", as: UUID?.self),
                              queue: try row.decodeEnum(column: "queue"), assigneeId: try row.decode(column: "assignee_id", as: UUID?.self))
        }
    }

    /// The customer's tier's `servicePriority` benefit; a customer who never bought holds the first tier.
    static func tierBoost(of customer: Customer.ID, on sql: any SQLDatabase) async throws -> Int {
        let programme = try await MembershipRows.programme(on: sql)
        let code = try await sql.select().column("tier").from("membership").where("customer_id", .equal, customer).first()?
            .decode(column: "tier", as: String.self)
        let tier = code.flatMap { code in programme.tiers.first { $0.code == code } } ?? programme.tiers.first
        return max(0, min(3, tier?.benefits.servicePriority ?? 0))
    }
}
