import Foundation
import PatronCore
import SQLKit

/// What tickets do when other modules write, in their transaction: a low survey score opens a follow-up
/// complaint, and a customer's inbound message on a ticket starts the next-response clock (and takes a ticket
/// waiting on the customer back into progress). The notices of those changes go to the standard subscribers.
public struct TicketEventSubscriber: DomainEventSubscriber {
    static let actor = AuditEvent.Actor(kind: .system, id: nil, name: "tickets")

    public init() {}

    public func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        var notices: [TicketNotice] = []
        for event in events {
            switch event {
            case .surveyAnswered(let answer) where answer.lowScore:
                notices.append(try await openFollowUp(answer, on: sql))
            case .interactionLogged(let interaction):
                notices += try await customerWrote(interaction, on: sql)
            default:
                continue
            }
        }
        try await DomainEvents.standard.publish(notices.map { .ticketChanged($0) }, on: sql)
    }

    /// A complaint about the low score, high priority (raised further by the customer's tier), routed like any
    /// ticket, on the channel of the ticket the survey was about, else the app.
    func openFollowUp(_ answer: SurveyAnswerNotice, on sql: any SQLDatabase) async throws -> TicketNotice {
        let now = Date().atStoragePrecision
        var channel = Interaction.Channel.app
        if let surveyed = answer.ticketId,
           let raw = try await sql.select().column("channel").from("tickets").where("id", .equal, surveyed).first()?.decode(column: "channel", as: String.self),
           let known = Interaction.Channel(rawValue: raw) {
            channel = known
        }
        let draft = Ticket(kind: .complaint, priority: .high, channel: channel, customerId: answer.customerId, storeId: answer.storeId,
                           subject: String(answer.scoreSummary.prefix(Ticket.subjectLimit)), description: "", category: "survey",
                           orderId: answer.orderId, createdAt: now)
        var boost = 0
        if let customer = answer.customerId { boost = try await TicketRows.tierBoost(of: customer, on: sql) }
        let ticket = TicketRouting.prepare(draft, explicitQueue: false, rules: try await TicketRows.routingRules(on: sql), tierBoost: boost)
        var events = [TicketEvent(ticketId: ticket.id, at: now, actor: Self.actor, action: .opened, from: answer.ticketId?.uuidString.lowercased(),
                                  to: ticket.queue.rawValue)]
        if let assignee = ticket.assigneeId {
            events.append(TicketEvent(ticketId: ticket.id, at: now, actor: Self.actor, action: .assigned, to: assignee.uuidString.lowercased()))
        }
        try await TicketRows(cipher: nil).insert(ticket, events: events, on: sql)
        try await SQLAuditLog.insert([AuditEvent(actor: Self.actor, action: "ticket.opened", resourceType: "ticket",
                                                 resourceId: ticket.id.uuidString.lowercased(),
                                                 details: ["reason": "low survey score", "answer": answer.answerId.uuidString.lowercased()])], on: sql)
        return ticket.notice(.opened, at: now)
    }

    /// The notices for an inbound interaction linked to an open ticket.
    func customerWrote(_ interaction: InteractionNotice, on sql: any SQLDatabase) async throws -> [TicketNotice] {
        guard let row = try await sql.select().column("ticket_id").column("direction").from(InteractionRows.table)
                .where("id", .equal, interaction.interactionId).first(),
              try row.decode(column: "direction", as: String.self) == Interaction.Direction.inbound.rawValue,
              let ticketId = try row.decode(column: "ticket_id", as: UUID?.self),
              let ticket = try await sql.select().column("*").from("tickets").where("id", .equal, ticketId).first() else { return [] }
        let status = try ticket.decodeEnum(column: "status", as: Ticket.Status.self)
        guard status.isOpen else { return [] }
        var notice = TicketNotice(ticketId: ticketId, change: .customerMessage, customerId: try ticket.decode(column: "customer_id", as: UUID?.self),
                                  storeId: try ticket.decode(column: "store_id", as: UUID?.self), kind: try ticket.decode(column: "kind", as: String.self),
                                  channel: try ticket.decode(column: "channel", as: String.self),
                                  priority: try ticket.decode(column: "priority", as: String.self), status: status.rawValue,
                                  queue: try ticket.decode(column: "queue", as: String.self),
                                  assigneeId: try ticket.decode(column: "assignee_id", as: UUID?.self), at: interaction.at)
        var events = [TicketEvent(ticketId: ticketId, at: interaction.at, actor: Self.actor, action: .customerMessage,
                                  to: interaction.interactionId.uuidString.lowercased())]
        var notices = [notice]
        if status == .waitingOnCustomer {
            try await sql.update("tickets").set("status", to: Ticket.Status.inProgress.rawValue).set("updated_at", to: Date())
                .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, ticketId).run()
            events.append(TicketEvent(ticketId: ticketId, at: interaction.at, actor: Self.actor, action: .statusChanged,
                                      from: status.rawValue, to: Ticket.Status.inProgress.rawValue))
            notice.change = .statusChanged
            notice.status = Ticket.Status.inProgress.rawValue
            notice.previousStatus = status.rawValue
            notices.append(notice)
        }
        try await TicketRows.insert(events, on: sql)
        return notices
    }
}
