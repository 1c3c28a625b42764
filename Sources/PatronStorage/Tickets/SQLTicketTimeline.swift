import Foundation
import PatronCore
import SQLKit

/// A customer's tickets for the timeline, at the time each was opened: the subject as the line, kind, status,
/// priority and channel as attributes. Nothing sealed is opened.
public struct SQLTicketTimeline: TimelineSource {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            try await sql.select().column("id").column("created_at").column("store_id").column("subject").column("kind").column("status")
                .column("priority").column("channel").from("tickets").where("customer_id", .equal, customer)
                .timeline(before: before, kind: .ticket, at: "created_at", id: "id", limit: limit)
                .all().map { row in
                    TimelineEntry(kind: .ticket, id: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                                  at: try row.decode(column: "created_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID?.self),
                                  summary: try row.decode(column: "subject", as: String.self),
                                  attributes: ["kind": try row.decode(column: "kind", as: String.self),
                                               "status": try row.decode(column: "status", as: String.self),
                                               "priority": try row.decode(column: "priority", as: String.self),
                                               "channel": try row.decode(column: "channel", as: String.self)])
                }
        }
    }
}
