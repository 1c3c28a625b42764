import Foundation
import PatronCore
import SQLKit

/// How interactions are written to and read from their table; the repository, the customer-data participant
/// and the linker share it so the sealing and the blind-index purposes exist once.
struct InteractionRows: Sendable {
    let cipher: FieldCipher

    static let table = "interactions"
    static let columns = ["id", "channel", "direction", "kind", "subject", "body_enc", "staff_id", "store_id", "customer_id",
                          "contact_kind", "contact_enc", "contact_bidx", "occurred_at", "ticket_id", "external_id", "recorded_at"]

    /// The customers column holding the same blind index as a contact of `kind`, and the index's purpose.
    static func customerIndex(of contactKind: String) -> (column: String, purpose: String) {
        contactKind == "mobile" ? ("mobile_bidx", "mobile") : ("wechat_openid_bidx", "wechat-openid")
    }

    func blindIndex(_ contact: Interaction.Contact) -> String {
        cipher.blindIndex(contact.value, purpose: Self.customerIndex(of: contact.kind).purpose)
    }

    func values(_ i: Interaction) throws -> [any SQLExpression] {
        [SQLBind(i.id), SQLBind(i.channel.rawValue), SQLBind(i.direction.rawValue), SQLBind(i.kind.rawValue), SQLBind(i.subject),
         SQLBind(try i.body.map(cipher.seal)), SQLBind(i.staffId), SQLBind(i.storeId), SQLBind(i.customerId),
         SQLBind(i.contact?.kind), SQLBind(try i.contact.map { try cipher.seal($0.value) }), SQLBind(i.contact.map(blindIndex)),
         SQLBind(i.occurredAt), SQLBind(i.ticketId), SQLBind(i.externalId), SQLBind(i.recordedAt)]
    }

    func insert(_ interactions: [Interaction], on sql: any SQLDatabase) async throws {
        for chunk in interactions.chunked(into: 100) {
            try await sql.insert(into: Self.table).columns(Self.columns).rows(try chunk.map(values)).run()
        }
    }

    func decode(_ row: any SQLRow) throws -> Interaction {
        let sealedContact = try row.decode(column: "contact_enc", as: Data?.self)
        let contact: Interaction.Contact? = try sealedContact.flatMap { sealed in
            guard let kind = try row.decode(column: "contact_kind", as: String?.self) else { return nil }
            return try Interaction.Contact(kind: kind, value: try cipher.open(sealed))
        }
        return Interaction(id: try row.decode(column: "id", as: UUID.self),
                           channel: try row.decodeEnum(column: "channel"),
                           direction: try row.decodeEnum(column: "direction"),
                           kind: try row.decodeEnum(column: "kind"),
                           subject: try row.decode(column: "subject", as: String.self),
                           body: try row.decode(column: "body_enc", as: Data?.self).map(cipher.open),
                           staffId: try row.decode(column: "staff_id", as: UUID?.self),
                           storeId: try row.decode(column: "store_id", as: UUID?.self),
                           customerId: try row.decode(column: "customer_id", as: UUID?.self),
                           contact: contact,
                           occurredAt: try row.decode(column: "occurred_at", as: Date.self),
                           ticketId: try row.decode(column: "ticket_id", as: UUID?.self),
                           externalId: try row.decode(column: "external_id", as: String?.self),
                           recordedAt: try row.decode(column: "recorded_at", as: Date.self))
    }

    /// The live profile holding the contact's identifier, if any.
    func customer(holding contact: Interaction.Contact, on sql: any SQLDatabase) async throws -> Customer.ID? {
        let column = Self.customerIndex(of: contact.kind).column
        return try await sql.select().column("id").from("customers").where(SQLIdentifier(column), .equal, SQLBind(blindIndex(contact)))
            .where("merged_into", .is, SQLLiteral.null).where("erased_at", .is, SQLLiteral.null)
            .orderBy("created_at").limit(1).first()?.decode(column: "id", as: UUID.self)
    }

    /// Links every still unidentified interaction of the contact to `customer`.
    func link(_ contact: Interaction.Contact, to customer: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.update(Self.table).set("customer_id", to: customer).where("customer_id", .is, SQLLiteral.null)
            .where("contact_kind", .equal, contact.kind).where("contact_bidx", .equal, blindIndex(contact)).run()
    }

    /// Links the unidentified interactions whose contact matches a profile's mobile or WeChat openid, compared
    /// as blind indexes so no ciphertext is opened.
    static func link(profile customer: Customer.ID, on sql: any SQLDatabase) async throws {
        for kind in ["mobile", "wechat_openid"] {
            let column = customerIndex(of: kind).column
            try await sql.update(table).set("customer_id", to: customer).where("customer_id", .is, SQLLiteral.null)
                .where("contact_kind", .equal, kind)
                .where(SQLQueryString("contact_bidx = (SELECT \(ident: column) FROM customers WHERE id = \(bind: customer))"))
                .run()
        }
    }
}

extension Interaction {
    /// The interaction with its times rounded to what storage keeps.
    var atStoragePrecision: Interaction {
        var copy = self
        copy.occurredAt = occurredAt.atStoragePrecision
        copy.recordedAt = recordedAt.atStoragePrecision
        return copy
    }
}
