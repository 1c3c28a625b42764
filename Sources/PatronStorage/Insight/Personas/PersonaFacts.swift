import Foundation
import PatronCore
import SQLKit

/// The first step of computing personas: one GROUP BY pass over orders into `persona_store_facts` (orders per
/// customer and store, by channel, part of day and weekend) and one over order lines into
/// `persona_category_facts` (net spend, discounted spend and price-ladder points per customer and category).
/// Both run inside the database for one customer or for all; nothing of the history comes to Swift.
struct PersonaFacts: Sendable {
    let rules: PersonaRules
    let dialect: SQLDialect

    /// The category of lines without one, and the key of the chain-wide price ladder.
    static let noCategory = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    /// Orders that count: a customer's, neither cancelled nor wholly refunded.
    static func counted(_ orders: String, _ customer: Customer.ID?) -> SQLQueryString {
        var condition: SQLQueryString = """
            \(unsafeRaw: orders).customer_id IS NOT NULL AND \(unsafeRaw: orders).status <> \(bind: OrderStatus.cancelled.rawValue) \
            AND \(unsafeRaw: orders).status <> \(bind: OrderStatus.refunded.rawValue)
            """
        if let customer { condition += " AND \(unsafeRaw: orders).customer_id = \(bind: customer)" }
        return condition
    }

    /// `WHERE column = customer`, or nothing for everyone.
    static func only(_ column: String, _ customer: Customer.ID?, joiner: String = "WHERE") -> SQLQueryString {
        guard let customer else { return "" }
        return " \(unsafeRaw: joiner) \(unsafeRaw: column) = \(bind: customer)"
    }

    func clear(_ customer: Customer.ID?, on sql: any SQLDatabase) async throws {
        for table in ["persona_store_facts", "persona_category_facts", "customer_personas"] {
            try await sql.raw("DELETE FROM \(ident: table)" + Self.only("customer_id", customer)).run()
        }
    }

    func build(_ customer: Customer.ID?, at date: Date, on sql: any SQLDatabase) async throws {
        try await storeFacts(customer, offset: try await offsetSeconds(at: date, on: sql), on: sql)
        try await categoryFacts(customer, on: sql)
    }

    /// Each store's UTC offset in seconds as an SQL expression over `orders.store_id`: a constant when every
    /// store keeps the default zone's offset, else a CASE naming the stores that differ.
    func offsetSeconds(at date: Date, on sql: any SQLDatabase) async throws -> any SQLExpression {
        let fallback = TimeZone(identifier: rules.defaultTimeZone)?.secondsFromGMT(for: date) ?? 8 * 3_600
        var differing: [(store: UUID, offset: Int)] = []
        for row in try await sql.select().column("id").column("time_zone").from("stores").all() {
            let zone = try row.decode(column: "time_zone", as: String.self)
            let offset = TimeZone(identifier: zone)?.secondsFromGMT(for: date) ?? fallback
            if offset != fallback { differing.append((try row.decode(column: "id", as: UUID.self), offset)) }
        }
        guard !differing.isEmpty else { return SQLBind(fallback) }
        var expression: SQLQueryString = "CASE o.store_id"
        for (store, offset) in differing { expression += " WHEN \(bind: store) THEN \(bind: offset)" }
        return expression + " ELSE \(bind: fallback) END"
    }

    private func storeFacts(_ customer: Customer.ID?, offset: any SQLExpression, on sql: any SQLDatabase) async throws {
        let hours = dialect.personaLocalHours(SQLColumn("occurred_at", table: "o"), offsetSeconds: offset)
        let r = rules
        try await sql.raw("""
            INSERT INTO persona_store_facts (customer_id, store_id, orders, store_orders, morning, afternoon, evening, night, weekend)
            SELECT customer_id, store_id, COUNT(*),
                SUM(CASE WHEN channel = \(bind: SalesChannel.store.rawValue) THEN 1 ELSE 0 END),
                SUM(CASE WHEN h >= \(bind: r.morningStartsAt) AND h < \(bind: r.afternoonStartsAt) THEN 1 ELSE 0 END),
                SUM(CASE WHEN h >= \(bind: r.afternoonStartsAt) AND h < \(bind: r.eveningStartsAt) THEN 1 ELSE 0 END),
                SUM(CASE WHEN h >= \(bind: r.eveningStartsAt) AND h < \(bind: r.nightStartsAt) THEN 1 ELSE 0 END),
                SUM(CASE WHEN h >= \(bind: r.nightStartsAt) OR h < \(bind: r.morningStartsAt) THEN 1 ELSE 0 END),
                SUM(CASE WHEN wd = 0 OR wd = 6 THEN 1 ELSE 0 END)
            FROM (SELECT o.customer_id, o.store_id, o.channel, \(hours) % 24 AS h, (\(hours) / 24 + 4) % 7 AS wd
                  FROM \(unsafeRaw: customer == nil ? dialect.wholeTable("orders", as: "o") : "orders o") WHERE \(Self.counted("o", customer))) x
            GROUP BY customer_id, store_id
            """).run()
    }

    /// Net units of a line: its quantity less the units returned (only a partly refunded order has returns
    /// left to look up; a wholly refunded one is not counted at all).
    private static let netUnits: SQLQueryString = """
        (l.quantity - CASE WHEN o.status = \(bind: OrderStatus.partiallyRefunded.rawValue) THEN COALESCE((
            SELECT SUM(rl.quantity) FROM order_returns r JOIN order_return_lines rl ON rl.return_id = r.id
            WHERE r.order_id = l.order_id AND rl.line_no = l.line_no), 0) ELSE 0 END)
        """

    /// One customer's lines are found through their orders; everyone's are read in table order, each line
    /// finding its order by primary key (written together, so in step: see `RecommendationSQL.netLines`).
    private func categoryFacts(_ customer: Customer.ID?, on sql: any SQLDatabase) async throws {
        let none = Self.noCategory
        let lines = customer == nil ? "order_lines l CROSS JOIN orders o" : "orders o CROSS JOIN order_lines l"
        try await sql.raw("""
            INSERT INTO persona_category_facts (customer_id, category_id, spend, discounted, units, band_points)
            SELECT customer_id, category_id, SUM(net), SUM(CASE WHEN discounted = 1 THEN net ELSE 0 END), SUM(units), SUM(units * band)
            FROM (SELECT customer_id, category_id, line_total * units / quantity AS net, discounted,
                         CASE WHEN priced = 1 THEN units ELSE 0 END AS units, band
                  FROM (SELECT o.customer_id, COALESCE(p.category_id, \(bind: none)) AS category_id, l.line_total, l.quantity,
                            \(Self.netUnits) AS units,
                            CASE WHEN l.discount > 0 OR o.order_discount > 0 THEN 1 ELSE 0 END AS discounted,
                            CASE WHEN l.unit_price > 0 AND pl.category_id IS NOT NULL THEN 1 ELSE 0 END AS priced,
                            CASE WHEN l.unit_price > pl.high_price THEN 2
                                 WHEN l.unit_price <= pl.low_price AND l.unit_price < pl.high_price THEN 0 ELSE 1 END AS band
                        FROM \(unsafeRaw: lines)
                        LEFT JOIN products p ON p.id = l.product_id
                        LEFT JOIN persona_price_ladder pl ON pl.category_id = COALESCE(p.category_id, \(bind: none))
                        WHERE o.id = l.order_id AND l.quantity > 0 AND \(Self.counted("o", customer))) y) x
            GROUP BY customer_id, category_id
            """).run()
    }
}
