import Foundation
import PatronCore
import SQLKit

/// The points statement in the timeline: one entry per ledger line, chain-wide (points belong to no store),
/// identified by its per-customer sequence number.
struct PointsTimelineSource: TimelineSource {
    let database: Database

    func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            try await sql.select().column("*").from("points_ledger").where("customer_id", .equal, customer)
                .timeline(before: before, kind: .points, at: "at", sequence: "seq", limit: limit)
                .all().map { row in
                    let entry = try MembershipRows.decodeEntry(row)
                    var attributes = ["entryKind": entry.kind.rawValue, "points": String(entry.points), "balanceAfter": String(entry.balanceAfter)]
                    attributes["orderId"] = entry.orderId?.uuidString.lowercased()
                    return TimelineEntry(kind: .points, id: TimelineEntry.paddedId(entry.sequence), at: entry.at,
                                         summary: entry.note, attributes: attributes)
                }
        }
    }
}
