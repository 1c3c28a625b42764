import Foundation
import PatronCore
import SQLKit

/// The customer's orders in the timeline, on the `orders (customer_id, occurred_at)` index.
struct OrderTimelineSource: TimelineSource {
    let database: Database

    func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            try await sql.select().columns("id", "store_id", "pos_number", "channel", "total", "currency", "status", "occurred_at")
                .from("orders").where("customer_id", .equal, customer)
                .timeline(before: before, kind: .order, at: "occurred_at", id: "id", limit: limit)
                .all().map { row in
                    TimelineEntry(kind: .order, id: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                                  at: try row.decode(column: "occurred_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID.self),
                                  summary: try row.decode(column: "pos_number", as: String.self),
                                  attributes: ["totalMinor": String(try row.decode(column: "total", as: Int64.self)),
                                               "currency": try row.decode(column: "currency", as: String.self),
                                               "status": try row.decodeEnum(column: "status", as: OrderStatus.self).rawValue,
                                               "channel": try row.decodeEnum(column: "channel", as: SalesChannel.self).rawValue])
                }
        }
    }
}
