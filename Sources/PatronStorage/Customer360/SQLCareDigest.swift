import Foundation
import PatronCore
import SQLKit

/// The summary's customer-service part, read straight from the modules' tables on their `(customer_id, time)`
/// indexes: tickets not yet resolved or closed and the latest interactions, subjects and codes only (nothing
/// sealed is opened).
struct SQLCareDigest: CustomerCareDigest {
    let database: Database

    func openTickets(of customer: Customer.ID, store: Store.ID?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            var query = sql.select().columns("id", "created_at", "store_id", "subject", "kind", "status", "priority", "channel")
                .from("tickets").where("customer_id", .equal, customer)
                .where("status", .notIn, [Ticket.Status.resolved.rawValue, Ticket.Status.closed.rawValue])
            if let store {
                query = query.where { $0.where("store_id", .equal, store).orWhere("store_id", .is, SQLLiteral.null) }
            }
            return try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit).all().map { row in
                TimelineEntry(kind: .ticket, id: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                              at: try row.decode(column: "created_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID?.self),
                              summary: try row.decode(column: "subject", as: String.self),
                              attributes: ["kind": try row.decode(column: "kind", as: String.self),
                                           "status": try row.decodeEnum(column: "status", as: Ticket.Status.self).rawValue,
                                           "priority": try row.decode(column: "priority", as: String.self),
                                           "channel": try row.decode(column: "channel", as: String.self)])
            }
        }
    }

    func recentInteractions(of customer: Customer.ID, store: Store.ID?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            var query = sql.select().columns("id", "occurred_at", "store_id", "subject", "channel", "kind", "direction")
                .from(InteractionRows.table).where("customer_id", .equal, customer)
            if let store {
                query = query.where { $0.where("store_id", .equal, store).orWhere("store_id", .is, SQLLiteral.null) }
            }
            return try await query.orderBy("occurred_at", .descending).orderBy("id", .descending).limit(limit).all().map { row in
                TimelineEntry(kind: .interaction, id: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                              at: try row.decode(column: "occurred_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID?.self),
                              summary: try row.decode(column: "subject", as: String.self),
                              attributes: ["channel": try row.decode(column: "channel", as: String.self),
                                           "kind": try row.decode(column: "kind", as: String.self),
                                           "direction": try row.decode(column: "direction", as: String.self)])
            }
        }
    }
}
