import Foundation
import PatronCore
import SQLKit

/// Tier changes in the timeline, chain-wide, identified by their per-customer sequence number.
struct TierTimelineSource: TimelineSource {
    let database: Database

    func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            try await sql.select().column("*").from("tier_history").where("customer_id", .equal, customer)
                .timeline(before: before, kind: .tier, at: "at", sequence: "seq", limit: limit)
                .all().map { row in
                    let change = try MembershipRows.decodeTierChange(row)
                    var attributes = ["fromTier": change.fromTier, "toTier": change.toTier, "cause": change.cause.rawValue]
                    attributes["orderId"] = change.orderId?.uuidString.lowercased()
                    return TimelineEntry(kind: .tier, id: TimelineEntry.paddedId(change.sequence), at: change.at,
                                         summary: "\(change.fromTier) → \(change.toTier)", attributes: attributes)
                }
        }
    }
}
