import SQLKit

/// The customer timeline reads the points ledger and the tier history newest first by time; their primary keys
/// order by sequence number, so without these each page sorted the customer's whole statement.
struct M0018_TimelineIndexes: Migration {
    let version = 18
    let name = "timeline indexes on points and tiers"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            "CREATE INDEX points_ledger_customer_at ON points_ledger (customer_id, at, seq)",
            "CREATE INDEX tier_history_customer_at ON tier_history (customer_id, at, seq)",
        ], on: sql)
    }
}
