import Foundation
import PatronCore
import SQLKit

/// Tickets under the data-subject rules: they follow a merge; on erase the row stays for SLA statistics with
/// its subject, description, attachments and every message body emptied; the export opens them with their
/// threads.
struct TicketCustomerData: CustomerDataParticipant {
    let rows: TicketRows

    init(cipher: FieldCipher) {
        rows = TicketRows(cipher: cipher)
    }

    func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.update("tickets").set("customer_id", to: survivor).where("customer_id", .equal, duplicate).run()
    }

    func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.update("ticket_messages").set("body_enc", to: Data())
            .where(SQLQueryString("ticket_id IN (SELECT id FROM tickets WHERE customer_id = \(bind: customer))")).run()
        try await sql.update("tickets").set("subject", to: "").set("description_enc", to: Data()).set("attachments", to: "[]")
            .set("category", to: SQLLiteral.null).where("customer_id", .equal, customer).run()
    }

    func export(_ customer: Customer.ID, on sql: any SQLDatabase) async throws -> [CustomerExport.Section: [ExportRecord]] {
        let tickets = try await sql.select().column("*").from("tickets").where("customer_id", .equal, customer)
            .orderBy("created_at").orderBy("id").all().map(rows.decode)
        var records: [ExportRecord] = []
        for ticket in tickets {
            let replies = try await sql.select().column("*").from("ticket_messages").where("ticket_id", .equal, ticket.id)
                .where("kind", .equal, TicketMessage.Kind.reply.rawValue).orderBy("at").orderBy("id").all().map(rows.decodeMessage)
            var fields: [String: ExportValue] = [
                "id": .text(ticket.id.uuidString.lowercased()), "kind": .text(ticket.kind.rawValue), "channel": .text(ticket.channel.rawValue),
                "status": .text(ticket.status.rawValue), "priority": .text(ticket.priority.rawValue), "subject": .text(ticket.subject),
                "description": .text(ticket.description), "createdAt": .time(ticket.createdAt),
                "resolutionCode": ticket.resolutionCode.map { .text($0.rawValue) } ?? .null,
                "resolvedAt": ticket.resolvedAt.map(ExportValue.time) ?? .null,
            ]
            for (index, reply) in replies.enumerated() {
                fields["replies[\(index)].at"] = .time(reply.at)
                fields["replies[\(index)].body"] = .text(reply.body)
            }
            records.append(ExportRecord(fields))
        }
        return [.tickets: records]
    }
}
