import Foundation
import PatronCore
import SQLKit

/// KPI reads: sums from the `kpi_daily` rollup, distinct buyers and new members as range counts over the
/// time indexes of orders and customers, membership moves and points over the indexed ledger times. Every
/// statement is one SQL text for both engines; `CAST(SUM(…) AS BIGINT)` keeps one decoder (PostgreSQL sums
/// BIGINT to NUMERIC).
public struct SQLKPIRepository: KPIRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func refreshState() async throws -> KPIRefreshState? {
        try await database.read { sql in
            guard let row = try await sql.raw("SELECT time_zone, computed_at, first_day, last_day FROM kpi_refresh WHERE id = 1").first() else { return nil }
            return KPIRefreshState(timeZone: try row.decode(column: "time_zone", as: String.self), computedAt: try row.decode(column: "computed_at", as: Date.self),
                                   firstDay: ServiceDate(dayNumber: try row.decode(column: "first_day", as: Int.self)),
                                   lastDay: ServiceDate(dayNumber: try row.decode(column: "last_day", as: Int.self)))
        }
    }

    public func sums(range: KPIRange, stores: Grants.StoreFilter, channel: SalesChannel?, currency: CurrencyCode) async throws -> [Int: KPISums] {
        if case .none = stores { return [:] }
        return try await database.read { sql in
            let query: SQLQueryString = """
                SELECT day, CAST(SUM(orders) AS BIGINT) AS orders, CAST(SUM(sales) AS BIGINT) AS sales,
                       CAST(SUM(member_orders) AS BIGINT) AS member_orders, CAST(SUM(member_sales) AS BIGINT) AS member_sales,
                       CAST(SUM(returns) AS BIGINT) AS returns, CAST(SUM(refunds) AS BIGINT) AS refunds
                FROM kpi_daily
                WHERE day >= \(bind: range.first.dayNumber) AND day <= \(bind: range.last.dayNumber) AND currency = \(bind: currency.rawValue)
                """ + Self.filter(store: "store_id", stores) + Self.filter(channel: "channel", channel) + " GROUP BY day"
            var result: [Int: KPISums] = [:]
            for row in try await sql.raw(query).all() {
                result[try row.decode(column: "day", as: Int.self)] = KPISums(
                    orders: try row.decode(column: "orders", as: Int64.self), salesMinor: try row.decode(column: "sales", as: Int64.self),
                    memberOrders: try row.decode(column: "member_orders", as: Int64.self),
                    memberSalesMinor: try row.decode(column: "member_sales", as: Int64.self),
                    returns: try row.decode(column: "returns", as: Int64.self), refundsMinor: try row.decode(column: "refunds", as: Int64.self))
            }
            return result
        }
    }

    public func buyers(intervals: [(start: Date, end: Date)], stores: Grants.StoreFilter, channel: SalesChannel?) async throws -> [KPIBuyers] {
        if case .none = stores { return intervals.map { _ in KPIBuyers() } }
        return try await database.read { sql in
            var result: [KPIBuyers] = []
            for interval in intervals {
                let query: SQLQueryString = """
                    SELECT COUNT(*) AS active, CAST(COALESCE(SUM(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS repeaters
                    FROM (SELECT customer_id, COUNT(*) AS n FROM orders
                          WHERE occurred_at >= \(bind: interval.start) AND occurred_at < \(bind: interval.end)
                            AND customer_id IS NOT NULL AND status <> \(bind: OrderStatus.cancelled.rawValue)
                    """ + Self.filter(store: "store_id", stores) + Self.filter(channel: "channel", channel) + " GROUP BY customer_id) buyers"
                let row = try await sql.raw(query).first()
                result.append(KPIBuyers(active: try row?.decode(column: "active", as: Int64.self) ?? 0,
                                        repeaters: try row?.decode(column: "repeaters", as: Int64.self) ?? 0))
            }
            return result
        }
    }

    public func newMembers(intervals: [(start: Date, end: Date)], stores: Grants.StoreFilter) async throws -> [Int64] {
        if case .none = stores { return intervals.map { _ in 0 } }
        return try await database.read { sql in
            var result: [Int64] = []
            for interval in intervals {
                let query: SQLQueryString = """
                    SELECT COUNT(*) AS n FROM customers
                    WHERE created_at >= \(bind: interval.start) AND created_at < \(bind: interval.end) AND erased_at IS NULL AND merged_into IS NULL
                    """ + Self.filter(store: "preferred_store_id", stores)
                result.append(try await sql.raw(query).first()?.decode(column: "n", as: Int64.self) ?? 0)
            }
            return result
        }
    }

    public func membership(from: Date, to: Date, stores: Grants.StoreFilter) async throws -> KPIMembership {
        if case .none = stores { return KPIMembership() }
        return try await database.read { sql in
            let join: SQLQueryString = if case .only = stores { " JOIN customers ON customers.id = entries.customer_id" } else { "" }
            let moves: SQLQueryString = """
                SELECT entries.from_tier, entries.to_tier, COUNT(*) AS n FROM tier_history entries
                """ + join + " WHERE entries.at >= \(bind: from) AND entries.at < \(bind: to)"
                + Self.filter(store: "customers.preferred_store_id", stores) + " GROUP BY entries.from_tier, entries.to_tier"
            var position = KPIMembership()
            for row in try await sql.raw(moves).all() {
                position.moves.append(.init(from: try row.decode(column: "from_tier", as: String.self), to: try row.decode(column: "to_tier", as: String.self),
                                            members: try row.decode(column: "n", as: Int64.self)))
            }
            position.moves.sort { ($0.from, $0.to) < ($1.from, $1.to) }
            let points: SQLQueryString = """
                SELECT entries.kind, CAST(COALESCE(SUM(entries.points), 0) AS BIGINT) AS points FROM points_ledger entries
                """ + join + " WHERE entries.at >= \(bind: from) AND entries.at < \(bind: to)"
                + Self.filter(store: "customers.preferred_store_id", stores) + " GROUP BY entries.kind"
            for row in try await sql.raw(points).all() {
                let sum = try row.decode(column: "points", as: Int64.self).magnitude
                let points = sum > UInt64(Int64.max) ? Int64.max : Int64(sum)
                switch try row.decode(column: "kind", as: String.self) {
                case PointsEntryKind.earn.rawValue: position.pointsIssued = points
                case PointsEntryKind.redeem.rawValue: position.pointsRedeemed = points
                case PointsEntryKind.expire.rawValue: position.pointsExpired = points
                default: break
                }
            }
            return position
        }
    }

    public func cohortCells(firstMonth: Int, lastMonth: Int) async throws -> [(cohortMonth: Int, monthsSince: Int, buyers: Int64)] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT cohort_month, months_since, buyers FROM kpi_cohorts
                WHERE cohort_month >= \(bind: firstMonth) AND cohort_month <= \(bind: lastMonth) AND months_since <= \(bind: CohortTriangle.maxMonths)
                """).all().map { row in
                (cohortMonth: try row.decode(column: "cohort_month", as: Int.self), monthsSince: try row.decode(column: "months_since", as: Int.self),
                 buyers: try row.decode(column: "buyers", as: Int64.self))
            }
        }
    }

    public func ticketTimes(from: Date, to: Date) async throws -> TicketTimes {
        let dialect = database.dialect
        return try await database.read { sql in
            let query: SQLQueryString = "SELECT COUNT(first_replied_at) AS replied, COALESCE(SUM(" + dialect.secondsBetween("created_at", "first_replied_at")
                + "), 0) AS first_response, COUNT(resolved_at) AS resolved, COALESCE(SUM(" + dialect.secondsBetween("created_at", "resolved_at")
                + "), 0) AS resolution FROM tickets WHERE created_at >= \(bind: from) AND created_at < \(bind: to)"
            guard let row = try await sql.raw(query).first() else { return TicketTimes() }
            return TicketTimes(replied: try row.decode(column: "replied", as: Int64.self), firstResponseSeconds: try row.decode(column: "first_response", as: Double.self),
                               resolved: try row.decode(column: "resolved", as: Int64.self), resolutionSeconds: try row.decode(column: "resolution", as: Double.self))
        }
    }

    /// ` AND column = store` for one store; nothing for the chain.
    static func filter(store column: String, _ stores: Grants.StoreFilter) -> SQLQueryString {
        if case .only(let store) = stores { return " AND \(unsafeRaw: column) = \(bind: store)" }
        return ""
    }

    static func filter(channel column: String, _ channel: SalesChannel?) -> SQLQueryString {
        guard let channel else { return "" }
        return " AND \(unsafeRaw: column) = \(bind: channel.rawValue)"
    }
}
