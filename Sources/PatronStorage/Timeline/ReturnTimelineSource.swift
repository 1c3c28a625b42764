import Foundation
import PatronCore
import SQLKit

/// Returns of the customer's orders in the timeline, at the time they were recorded and in the order's store.
/// The rows come from a join flattened into one derived table, so the shared timeline predicate can name its
/// columns unqualified; the planner still walks `orders (customer_id, …)` and `order_returns (order_id, …)`.
struct ReturnTimelineSource: TimelineSource {
    let database: Database

    static let customerReturns = SQLRaw("""
        (SELECT r.id, r.order_id, r.refund_total, r.created_at, o.customer_id, o.store_id, o.pos_number, o.currency
         FROM order_returns r JOIN orders o ON o.id = r.order_id) customer_returns
        """)

    func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            try await sql.select().columns("id", "order_id", "refund_total", "created_at", "store_id", "pos_number", "currency")
                .from(Self.customerReturns).where("customer_id", .equal, customer)
                .timeline(before: before, kind: .orderReturn, at: "created_at", id: "id", limit: limit)
                .all().map { row in
                    TimelineEntry(kind: .orderReturn, id: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                                  at: try row.decode(column: "created_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID.self),
                                  summary: try row.decode(column: "pos_number", as: String.self),
                                  attributes: ["orderId": try row.decode(column: "order_id", as: UUID.self).uuidString.lowercased(),
                                               "refundMinor": String(try row.decode(column: "refund_total", as: Int64.self)),
                                               "currency": try row.decode(column: "currency", as: String.self)])
                }
        }
    }
}
