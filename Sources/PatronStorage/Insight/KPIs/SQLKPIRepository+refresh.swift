import Foundation
import PatronCore
import SQLKit

extension SQLKPIRepository {
    /// One transaction: the rollup's days are deleted and rebuilt day by day with `INSERT … SELECT` (the
    /// database aggregates; nothing per order reaches Swift), then the cohort tables are rebuilt: each
    /// customer's first purchase, its month by indexed range updates, and the buyers of each month by cohort.
    public func refresh(from: ServiceDate?, through: ServiceDate, zone: TimeZone, at: Date) async throws -> KPIRefreshRun {
        try await database.transaction { sql in
            let earliest = try await sql.raw("SELECT MIN(occurred_at) AS first FROM orders").first()?.decode(column: "first", as: Date?.self)
            let first = min(from ?? earliest.map { ServiceDate.day(of: $0, in: zone) } ?? through, through)
            if from == nil {
                try await sql.raw("DELETE FROM kpi_daily").run()
            } else {
                try await sql.raw("DELETE FROM kpi_daily WHERE day >= \(bind: first.dayNumber) AND day <= \(bind: through.dayNumber)").run()
            }
            var day = first
            while day <= through {
                try await Self.rollUp(day, zone: zone, on: sql)
                day = day.adding(days: 1)
            }
            let cells = try await Self.rebuildCohorts(through: through, zone: zone, on: sql)
            let previous = try await sql.raw("SELECT first_day FROM kpi_refresh WHERE id = 1").first()?.decode(column: "first_day", as: Int.self)
            let firstDay = from == nil ? first.dayNumber : min(previous ?? first.dayNumber, first.dayNumber)
            try await database.dialect.upsert(into: "kpi_refresh", key: ["id"], columns: ["id", "time_zone", "computed_at", "first_day", "last_day"],
                                              values: [SQLBind(1), SQLBind(zone.identifier), SQLBind(at), SQLBind(firstDay), SQLBind(through.dayNumber)],
                                              replacing: ["time_zone", "computed_at", "first_day", "last_day"], on: sql)
            return KPIRefreshRun(days: through.dayNumber - first.dayNumber + 1, full: from == nil, cohortCells: cells)
        }
    }

    /// The day's orders (not cancelled) and returns by the order's store, channel and currency.
    static func rollUp(_ day: ServiceDate, zone: TimeZone, on sql: any SQLDatabase) async throws {
        let start = day.start(in: zone), end = day.adding(days: 1).start(in: zone)
        try await sql.raw("""
            INSERT INTO kpi_daily (day, store_id, channel, currency, orders, sales, member_orders, member_sales, returns, refunds)
            SELECT \(bind: day.dayNumber), store_id, channel, currency, SUM(o), SUM(s), SUM(mo), SUM(ms), SUM(r), SUM(rf) FROM (
                SELECT store_id, channel, currency, 1 AS o, total AS s,
                       CASE WHEN customer_id IS NULL THEN 0 ELSE 1 END AS mo, CASE WHEN customer_id IS NULL THEN 0 ELSE total END AS ms,
                       0 AS r, 0 AS rf
                FROM orders WHERE occurred_at >= \(bind: start) AND occurred_at < \(bind: end) AND status <> \(bind: OrderStatus.cancelled.rawValue)
                UNION ALL
                SELECT orders.store_id, orders.channel, orders.currency, 0, 0, 0, 0, 1, order_returns.refund_total
                FROM order_returns JOIN orders ON orders.id = order_returns.order_id
                WHERE order_returns.created_at >= \(bind: start) AND order_returns.created_at < \(bind: end)
            ) activity GROUP BY store_id, channel, currency
            """).run()
    }

    /// Rebuilds the first purchases and the triangle through the month of `through`; answers the cells written.
    static func rebuildCohorts(through: ServiceDate, zone: TimeZone, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("DELETE FROM kpi_cohorts").run()
        try await sql.raw("DELETE FROM kpi_first_purchase").run()
        try await sql.raw("""
            INSERT INTO kpi_first_purchase (customer_id, first_at)
            SELECT customer_id, MIN(occurred_at) FROM orders
            WHERE customer_id IS NOT NULL AND status <> \(bind: OrderStatus.cancelled.rawValue) GROUP BY customer_id
            """).run()
        guard let earliest = try await sql.raw("SELECT MIN(first_at) AS first FROM kpi_first_purchase").first()?.decode(column: "first", as: Date?.self)
        else { return 0 }
        let monthOf = { (day: ServiceDate) in day.components.year * 12 + day.components.month - 1 }
        let start = { (month: Int) in
            (try? ServiceDate(year: month / 12, month: month % 12 + 1, day: 1)).map { $0.start(in: zone) } ?? Date.distantFuture
        }
        let firstMonth = monthOf(ServiceDate.day(of: earliest, in: zone)), lastMonth = monthOf(through)
        guard firstMonth <= lastMonth else { return 0 }
        for month in firstMonth...lastMonth {
            try await sql.raw("""
                UPDATE kpi_first_purchase SET cohort_month = \(bind: month)
                WHERE first_at >= \(bind: start(month)) AND first_at < \(bind: start(month + 1))
                """).run()
        }
        for month in firstMonth...lastMonth {
            try await sql.raw("""
                INSERT INTO kpi_cohorts (cohort_month, months_since, buyers)
                SELECT firsts.cohort_month, \(bind: month) - firsts.cohort_month, COUNT(DISTINCT orders.customer_id)
                FROM orders JOIN kpi_first_purchase firsts ON firsts.customer_id = orders.customer_id
                WHERE orders.occurred_at >= \(bind: start(month)) AND orders.occurred_at < \(bind: start(month + 1))
                  AND orders.status <> \(bind: OrderStatus.cancelled.rawValue)
                  AND firsts.cohort_month >= \(bind: month - CohortTriangle.maxMonths) AND firsts.cohort_month <= \(bind: month)
                GROUP BY firsts.cohort_month
                """).run()
        }
        return try await sql.raw("SELECT COUNT(*) AS n FROM kpi_cohorts").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
