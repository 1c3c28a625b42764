import Foundation
import PatronCore
import SQLKit

/// Interactions under the data-subject rules: they follow a merge; on erase their subject, body and contact go
/// while channel, kind and time stay for contact statistics; the export opens them.
struct InteractionCustomerData: CustomerDataParticipant {
    let rows: InteractionRows

    init(cipher: FieldCipher) {
        rows = InteractionRows(cipher: cipher)
    }

    func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.update(InteractionRows.table).set("customer_id", to: survivor).where("customer_id", .equal, duplicate).run()
    }

    func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.update(InteractionRows.table).set("subject", to: "").set("body_enc", to: SQLLiteral.null)
            .set("contact_kind", to: SQLLiteral.null).set("contact_enc", to: SQLLiteral.null).set("contact_bidx", to: SQLLiteral.null)
            .where("customer_id", .equal, customer).run()
    }

    func export(_ customer: Customer.ID, on sql: any SQLDatabase) async throws -> [CustomerExport.Section: [ExportRecord]] {
        let interactions = try await sql.select().column("*").from(InteractionRows.table).where("customer_id", .equal, customer)
            .orderBy("occurred_at").orderBy("id").all().map(rows.decode)
        return [.interactions: interactions.map { i in
            ExportRecord([
                "id": .text(i.id.uuidString.lowercased()), "channel": .text(i.channel.rawValue), "direction": .text(i.direction.rawValue),
                "kind": .text(i.kind.rawValue), "subject": .text(i.subject), "body": i.body.map(ExportValue.text) ?? .null,
                "contact": i.contact.map { .text($0.value) } ?? .null, "occurredAt": .time(i.occurredAt),
                "storeId": i.storeId.map { .text($0.uuidString.lowercased()) } ?? .null,
                "ticketId": i.ticketId.map { .text($0.uuidString.lowercased()) } ?? .null,
            ])
        }]
    }
}
