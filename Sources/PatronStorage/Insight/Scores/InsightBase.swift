import Foundation
import PatronCore
import SQLKit
import Synchronization

/// Every live customer's features and stored stage, the input of a refresh. Orders, refunds, merges and
/// erasures keep the stored features current (`InsightRows.rescore`, in their own transactions), so a refresh
/// reads those back and aggregates orders only for customers never scored: new prospects, and customers whose
/// orders came in a POS history import before their first scoring. When those are many (a fresh database, a
/// large import) or on `rebuild`, the whole base is aggregated from the orders in one pass instead.
enum InsightBase {
    typealias Row = (features: CustomerFeatures, previous: (stage: LifecycleStage, sinceDay: Int)?)

    /// Above this share of the base unscored, one whole aggregate beats per-batch ones.
    static let wholeAggregateShare = 4

    static func read(rebuild: Bool, dialect: SQLDialect, on sql: any SQLDatabase) async throws -> [Row] {
        if rebuild { return try await whole(dialect: dialect, on: sql) }
        let counts = try await sql.raw("""
            SELECT COUNT(*) AS live, COUNT(i.customer_id) AS scored FROM customers c
            LEFT JOIN customer_insight i ON i.customer_id = c.id WHERE c.merged_into IS NULL AND c.erased_at IS NULL
            """).first()
        let live = try counts?.decode(column: "live", as: Int.self) ?? 0
        let scored = try counts?.decode(column: "scored", as: Int.self) ?? 0
        if (live - scored) * wholeAggregateShare > live { return try await whole(dialect: dialect, on: sql) }
        var rows = try await stream("""
            SELECT customer_id, orders, net_spend, purchase_days, first_purchase_day, last_purchase_day, first_day_spend,
                   stage, stage_since_day FROM customer_insight ORDER BY customer_id
            """, decodeStored, on: sql)
        let unscored = try await sql.raw("""
            SELECT c.id FROM customers c WHERE c.merged_into IS NULL AND c.erased_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM customer_insight i WHERE i.customer_id = c.id)
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for batch in unscored.chunked(into: InsightRows.batchSize) {
            rows += try await stream(InsightFeatureQuery.query(customers: Array(batch), dialect: dialect), InsightFeatureQuery.decode, on: sql)
        }
        return rows
    }

    /// Every live customer aggregated from the orders in one pass, on fresh statistics (this follows bulk loads).
    private static func whole(dialect: SQLDialect, on sql: any SQLDatabase) async throws -> [Row] {
        try await dialect.refreshStatistics(["customers", "orders", "order_returns", "customer_insight"], on: sql)
        return try await stream(InsightFeatureQuery.query(customer: nil, dialect: dialect), InsightFeatureQuery.decode, on: sql)
    }

    /// A stored row's features and stage, as the aggregate would give them.
    static func decodeStored(_ row: any SQLRow) throws -> Row {
        return (try InsightRows.features(row), (try row.decodeEnum(column: "stage", as: LifecycleStage.self), try row.decode(column: "stage_since_day", as: Int.self)))
    }

    /// Runs `query`, decoding each row as it arrives into a compact array (a few dozen bytes a customer).
    private static func stream(_ query: SQLQueryString, _ decode: @escaping @Sendable (any SQLRow) throws -> Row,
                               on sql: any SQLDatabase) async throws -> [Row] {
        let base = Mutex<[Row]>([])
        let failure = Mutex<(any Error)?>(nil)
        try await sql.raw(query).run { row in
            do {
                let decoded = try decode(row)
                base.withLock { $0.append(decoded) }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return base.withLock { rows in
            defer { rows = [] }
            return rows
        }
    }
}
