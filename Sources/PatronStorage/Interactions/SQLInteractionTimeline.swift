import Foundation
import PatronCore
import SQLKit

/// A customer's interactions for the timeline: the subject as the line, channel, kind and direction as
/// attributes. Nothing sealed is opened.
public struct SQLInteractionTimeline: TimelineSource {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            try await sql.select().column("id").column("occurred_at").column("store_id").column("subject").column("channel")
                .column("kind").column("direction").column("ticket_id").from(InteractionRows.table).where("customer_id", .equal, customer)
                .timeline(before: before, kind: .interaction, at: "occurred_at", id: "id", limit: limit)
                .all().map { row in
                    var attributes = ["channel": try row.decode(column: "channel", as: String.self),
                                      "kind": try row.decode(column: "kind", as: String.self),
                                      "direction": try row.decode(column: "direction", as: String.self)]
                    if let ticket = try row.decode(column: "ticket_id", as: UUID?.self) { attributes["ticketId"] = ticket.uuidString.lowercased() }
                    return TimelineEntry(kind: .interaction, id: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                                         at: try row.decode(column: "occurred_at", as: Date.self),
                                         storeId: try row.decode(column: "store_id", as: UUID?.self),
                                         summary: try row.decode(column: "subject", as: String.self), attributes: attributes)
                }
        }
    }
}
