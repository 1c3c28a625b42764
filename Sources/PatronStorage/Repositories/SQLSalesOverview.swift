import Foundation
import PatronCore
import SQLKit

/// The home page's aggregates as plain range sums over indexed time columns: portable across both engines
/// (no date functions), and each day of the chart is its own bounded query in the chain's time zone.
public struct SQLSalesOverview: SalesOverviewRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func figures(from: Date, to: Date, currency: CurrencyCode, stores: Grants.StoreFilter) async throws -> SalesFigures {
        if case .none = stores { return SalesFigures() }
        return try await database.read { sql in
            let sales = try await Self.sales(sql, from: from, to: to, currency: currency, stores: stores)
            var returns = sql.select()
                .column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .column(SQLRaw("CAST(COALESCE(SUM(order_returns.refund_total), 0) AS BIGINT)"), as: "total")
                .from("order_returns")
                .join("orders", on: SQLColumn("order_id", table: "order_returns"), .equal, SQLColumn("id", table: "orders"))
                .where(SQLColumn("created_at", table: "order_returns"), .greaterThanOrEqual, SQLBind(from))
                .where(SQLColumn("created_at", table: "order_returns"), .lessThan, SQLBind(to))
                .where(SQLColumn("currency", table: "orders"), .equal, SQLBind(currency.rawValue))
            if case .only(let store) = stores { returns = returns.where(SQLColumn("store_id", table: "orders"), .equal, SQLBind(store)) }
            let returned = try await returns.first()
            var members = sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("customers")
                .where("created_at", .greaterThanOrEqual, SQLBind(from)).where("created_at", .lessThan, SQLBind(to))
                .where("erased_at", .is, SQLLiteral.null).where("merged_into", .is, SQLLiteral.null)
            if case .only(let store) = stores { members = members.where("preferred_store_id", .equal, SQLBind(store)) }
            let joined = try await members.first()
            return SalesFigures(salesMinor: sales.minor, orders: sales.orders,
                                returns: try returned?.decode(column: "n", as: Int.self) ?? 0,
                                refundsMinor: try returned?.decode(column: "total", as: Int64.self) ?? 0,
                                newMembers: try joined?.decode(column: "n", as: Int.self) ?? 0)
        }
    }

    public func daily(boundaries: [Date], currency: CurrencyCode, stores: Grants.StoreFilter) async throws -> [DailySales] {
        guard boundaries.count > 1 else { return [] }
        if case .none = stores { return zip(boundaries, boundaries.dropFirst()).map { DailySales(day: $0.0, salesMinor: 0, orders: 0) } }
        return try await database.read { sql in
            var days: [DailySales] = []
            for (start, end) in zip(boundaries, boundaries.dropFirst()) {
                let sales = try await Self.sales(sql, from: start, to: end, currency: currency, stores: stores)
                days.append(DailySales(day: start, salesMinor: sales.minor, orders: sales.orders))
            }
            return days
        }
    }

    public func tierCounts(stores: Grants.StoreFilter) async throws -> [String: Int] {
        if case .none = stores { return [:] }
        return try await database.read { sql in
            var query = sql.select().column(SQLColumn("tier", table: "membership"))
                .column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .from("membership")
                .join("customers", on: SQLColumn("customer_id", table: "membership"), .equal, SQLColumn("id", table: "customers"))
                .where(SQLColumn("erased_at", table: "customers"), .is, SQLLiteral.null)
                .where(SQLColumn("merged_into", table: "customers"), .is, SQLLiteral.null)
                .groupBy(SQLColumn("tier", table: "membership"))
            if case .only(let store) = stores { query = query.where(SQLColumn("preferred_store_id", table: "customers"), .equal, SQLBind(store)) }
            var counts: [String: Int] = [:]
            for row in try await query.all() {
                counts[try row.decode(column: "tier", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    /// Orders that are not cancelled count at their total; returns are reported separately. SUM of a BIGINT is
    /// NUMERIC on PostgreSQL, so the cast keeps one decoder for both engines.
    static func sales(_ sql: any SQLDatabase, from: Date, to: Date, currency: CurrencyCode,
                      stores: Grants.StoreFilter) async throws -> (minor: Int64, orders: Int) {
        var query = sql.select()
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .column(SQLRaw("CAST(COALESCE(SUM(total), 0) AS BIGINT)"), as: "total")
            .from("orders")
            .where("occurred_at", .greaterThanOrEqual, SQLBind(from)).where("occurred_at", .lessThan, SQLBind(to))
            .where("currency", .equal, SQLBind(currency.rawValue))
            .where("status", .notEqual, SQLBind(OrderStatus.cancelled.rawValue))
        if case .only(let store) = stores { query = query.where("store_id", .equal, SQLBind(store)) }
        let row = try await query.first()
        return (try row?.decode(column: "total", as: Int64.self) ?? 0, try row?.decode(column: "n", as: Int.self) ?? 0)
    }
}
