import Foundation
import PatronCore
import SQLKit

extension SQLKPIRepository {
    /// One transaction. The rollup's days are deleted and rebuilt by one `INSERT … SELECT` that groups every
    /// order and return by its local day (the zone's offset as a CASE over its transitions, so one pass serves
    /// a zone with daylight saving too): a full rebuild reads the orders once, an incremental one only the
    /// recent days through the time index. Then the cohorts: each customer's first purchase and its month, and
    /// the buyers of each month by cohort — all of them on a full rebuild, the months from `from` on otherwise.
    /// Nothing per order reaches Swift.
    public func refresh(from: ServiceDate?, through: ServiceDate, zone: TimeZone, at: Date) async throws -> KPIRefreshRun {
        try await database.transaction { sql in
            let earliest = try await sql.raw("SELECT MIN(occurred_at) AS first FROM orders").first()?.decode(column: "first", as: Date?.self)
            let first = min(from ?? earliest.map { ServiceDate.day(of: $0, in: zone) } ?? through, through)
            let calendar = LocalCalendar(zone: zone, first: first, through: through, dialect: self.database.dialect)
            if from == nil {
                try await self.database.dialect.refreshStatistics(["orders", "order_returns"], on: sql)
                try await sql.raw("DELETE FROM kpi_daily").run()
            } else {
                try await sql.raw("DELETE FROM kpi_daily WHERE day >= \(bind: first.dayNumber) AND day <= \(bind: through.dayNumber)").run()
            }
            try await Self.rollUp(calendar, ranged: from != nil, on: sql)
            let cells = try await Self.refreshCohorts(calendar, full: from == nil, on: sql)
            let previous = try await sql.raw("SELECT first_day FROM kpi_refresh WHERE id = 1").first()?.decode(column: "first_day", as: Int.self)
            let firstDay = from == nil ? first.dayNumber : min(previous ?? first.dayNumber, first.dayNumber)
            try await database.dialect.upsert(into: "kpi_refresh", key: ["id"], columns: ["id", "time_zone", "computed_at", "first_day", "last_day"],
                                              values: [SQLBind(1), SQLBind(zone.identifier), SQLBind(at), SQLBind(firstDay), SQLBind(through.dayNumber)],
                                              replacing: ["time_zone", "computed_at", "first_day", "last_day"], on: sql)
            return KPIRefreshRun(days: through.dayNumber - first.dayNumber + 1, full: from == nil, cohortCells: cells)
        }
    }

    /// The orders (not cancelled) and returns of the calendar's days by local day and the order's store,
    /// channel and currency. `ranged` reads only those days through the time indexes; otherwise every row is
    /// read once in table order, which beats visiting ten million rows through an index.
    static func rollUp(_ calendar: LocalCalendar, ranged: Bool, on sql: any SQLDatabase) async throws {
        let orderDay = calendar.localDay(SQLColumn("occurred_at", table: "o"))
        let returnDay = calendar.localDay(SQLColumn("created_at", table: "r"))
        let orderRange: SQLQueryString = ranged ? " AND o.occurred_at >= \(bind: calendar.start) AND o.occurred_at < \(bind: calendar.end)" : ""
        let returnRange: SQLQueryString = ranged ? " AND r.created_at >= \(bind: calendar.start) AND r.created_at < \(bind: calendar.end)" : ""
        try await sql.raw("""
            INSERT INTO kpi_daily (day, store_id, channel, currency, orders, sales, member_orders, member_sales, returns, refunds)
            SELECT day, store_id, channel, currency, SUM(o), SUM(s), SUM(mo), SUM(ms), SUM(r), SUM(rf) FROM (
                SELECT \(orderDay) AS day, o.store_id, o.channel, o.currency, 1 AS o, o.total AS s,
                       CASE WHEN o.customer_id IS NULL THEN 0 ELSE 1 END AS mo, CASE WHEN o.customer_id IS NULL THEN 0 ELSE o.total END AS ms,
                       0 AS r, 0 AS rf
                FROM orders o WHERE o.status <> \(bind: OrderStatus.cancelled.rawValue)\(orderRange)
                UNION ALL
                SELECT \(returnDay), o.store_id, o.channel, o.currency, 0, 0, 0, 0, 1, r.refund_total
                FROM order_returns r JOIN orders o ON o.id = r.order_id WHERE 1 = 1\(returnRange)
            ) activity
            WHERE day >= \(bind: calendar.first.dayNumber) AND day <= \(bind: calendar.through.dayNumber)
            GROUP BY day, store_id, channel, currency
            """).run()
    }

    /// The first purchases and the triangle's cells through the calendar's last month; answers the cells stored.
    /// The buyers are counted from the covering index `orders_insight` with no time bound (an order dated
    /// after the refresh counts in its last month): a bound would have SQLite visit every order through the
    /// time index instead.
    /// A full refresh rebuilds both. Otherwise customers who first bought in the recent days are added (a
    /// known first purchase stays; the nightly full refresh corrects one whose first order was later
    /// cancelled), and only the cells of the months from the calendar's first day on are recounted.
    static func refreshCohorts(_ calendar: LocalCalendar, full: Bool, on sql: any SQLDatabase) async throws -> Int {
        let month = calendar.month(SQLColumn("occurred_at", table: "o"))
        let cancelled = OrderStatus.cancelled.rawValue
        if full {
            try await sql.raw("DELETE FROM kpi_cohorts").run()
            try await sql.raw("DELETE FROM kpi_first_purchase").run()
            try await sql.raw("""
                INSERT INTO kpi_first_purchase (customer_id, first_at, cohort_month)
                SELECT o.customer_id, MIN(o.occurred_at), MIN(\(month)) FROM orders o
                WHERE o.customer_id IS NOT NULL AND o.status <> \(bind: cancelled) GROUP BY o.customer_id
                """).run()
        } else {
            try await sql.raw("""
                INSERT INTO kpi_first_purchase (customer_id, first_at, cohort_month)
                SELECT o.customer_id, MIN(o.occurred_at), MIN(\(month)) FROM orders o
                WHERE o.occurred_at >= \(bind: calendar.start) AND o.customer_id IS NOT NULL AND o.status <> \(bind: cancelled)
                  AND NOT EXISTS (SELECT 1 FROM kpi_first_purchase f WHERE f.customer_id = o.customer_id)
                GROUP BY o.customer_id
                """).run()
        }
        let firstMonth = calendar.month(of: calendar.first)
        let recount: SQLQueryString = full ? "" : " AND o.occurred_at >= \(bind: calendar.monthStart(firstMonth))"
        if !full { try await sql.raw("DELETE FROM kpi_cohorts WHERE cohort_month + months_since >= \(bind: firstMonth)").run() }
        try await sql.raw("""
            INSERT INTO kpi_cohorts (cohort_month, months_since, buyers)
            SELECT cohort_month, m - cohort_month, COUNT(*) FROM (
                SELECT DISTINCT f.cohort_month, \(month) AS m, o.customer_id
                FROM orders o JOIN kpi_first_purchase f ON f.customer_id = o.customer_id
                WHERE o.customer_id IS NOT NULL AND o.status <> \(bind: cancelled)\(recount)
            ) buyers
            WHERE m - cohort_month >= 0 AND m - cohort_month <= \(bind: CohortTriangle.maxMonths)
            GROUP BY cohort_month, m - cohort_month
            """).run()
        return try await sql.raw("SELECT COUNT(*) AS n FROM kpi_cohorts").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// Local days and months of a time zone as SQL over a timestamp column, for the days `first` through
/// `through`: the offset is a CASE over the zone's transitions in that span, the month a balanced CASE over
/// the month starts (a handful of comparisons a row however many months there are).
struct LocalCalendar {
    let zone: TimeZone
    let first: ServiceDate
    let through: ServiceDate
    let dialect: SQLDialect

    var start: Date { first.start(in: zone) }
    var end: Date { through.adding(days: 1).start(in: zone) }

    /// Year × 12 + month − 1, the cohort key.
    func month(of day: ServiceDate) -> Int { day.components.year * 12 + day.components.month - 1 }

    func monthStart(_ month: Int) -> Date {
        (try? ServiceDate(year: month / 12, month: month % 12 + 1, day: 1)).map { $0.start(in: zone) } ?? .distantFuture
    }

    func localDay(_ column: SQLColumn) -> any SQLExpression {
        dialect.localDayNumber(column, offsetSeconds: offset(column))
    }

    /// The zone's offset at each instant of the span, as SQL.
    func offset(_ column: SQLColumn) -> any SQLExpression {
        var changes: [(from: Date, offset: Int)] = []
        var cursor = start
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            changes.append((next, zone.secondsFromGMT(for: next)))
            cursor = next
        }
        // Offsets and months are numbers this code computed, written as literals so PostgreSQL types them.
        guard !changes.isEmpty else { return SQLQueryString("\(unsafeRaw: String(zone.secondsFromGMT(for: start)))") }
        var expression: SQLQueryString = "CASE"
        var before = zone.secondsFromGMT(for: start)
        for change in changes {
            expression += " WHEN \(column) < \(bind: change.from) THEN \(unsafeRaw: String(before))"
            before = change.offset
        }
        return expression + " ELSE \(unsafeRaw: String(before)) END"
    }

    /// The local month of each instant in the span as SQL: instants before the span count in its first month.
    func month(_ column: SQLColumn) -> any SQLExpression {
        let months = Array(month(of: first)...month(of: through))
        return split(months[...], column)
    }

    private func split(_ months: ArraySlice<Int>, _ column: SQLColumn) -> any SQLExpression {
        guard months.count > 1 else { return SQLQueryString("\(unsafeRaw: String(months.first ?? 0))") }
        let middle = months.startIndex + months.count / 2
        let lower = split(months[..<middle], column), upper = split(months[middle...], column)
        return SQLQueryString("(CASE WHEN \(column) < \(bind: monthStart(months[middle])) THEN \(lower) ELSE \(upper) END)")
    }
}
