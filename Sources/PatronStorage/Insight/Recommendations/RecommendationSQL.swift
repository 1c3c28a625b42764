import Foundation
import PatronCore
import SQLKit

/// The SQL the model is computed from, written once for both engines. Everything starts from `net_lines`:
/// one row per order line of a known customer and product whose quantity was not returned in full, in
/// orders not cancelled, within the window. `pairs` reduces them to distinct customer × product with the
/// last purchase and the number of orders, which is what both popularity and co-occurrence count.
enum RecommendationSQL {
    /// Which orders train the model.
    struct Source: Sendable {
        var since: Date
        var before: Date
        /// Leaves out each customer's last basket (customers with two or more): the evaluation's training set.
        var holdingOutLastBaskets: Bool
    }

    /// The lines drive the join, read in table order, each finding its order by primary key: lines and
    /// their order are written together, so the lookups walk the orders in step instead of at random (on
    /// SQLite, where `CROSS JOIN` fixes the order, ten million orders took 43 s instead of 476 s). Returned
    /// quantities are summed once per returned line and joined, not looked up per line: the correlated
    /// lookup ran eleven million times, most of them finding nothing (11 s of 38 s on PostgreSQL).
    static func netLines(_ source: Source) -> SQLQueryString {
        """
        returned AS (
            SELECT r.order_id AS order_id, rl.line_no AS line_no, SUM(rl.quantity) AS quantity
            FROM order_returns r JOIN order_return_lines rl ON rl.return_id = r.id
            GROUP BY r.order_id, rl.line_no
        ),
        net_lines AS (
            SELECT o.id AS order_id, o.customer_id AS customer_id, o.occurred_at AS occurred_at, l.product_id AS product_id
            FROM order_lines l CROSS JOIN orders o
            LEFT JOIN returned x ON x.order_id = o.id AND x.line_no = l.line_no
            WHERE o.id = l.order_id AND o.customer_id IS NOT NULL AND l.product_id IS NOT NULL AND o.status <> \(bind: OrderStatus.cancelled.rawValue)
              AND o.occurred_at >= \(bind: source.since) AND o.occurred_at < \(bind: source.before)
              AND l.quantity > COALESCE(x.quantity, 0)
        )
        """
    }

    /// The line `l` of order `o` kept some of its quantity after every return.
    static let notReturnedInFull: SQLQueryString = """
        l.quantity > COALESCE((SELECT SUM(rl.quantity) FROM order_returns r JOIN order_return_lines rl ON rl.return_id = r.id
                               WHERE r.order_id = o.id AND rl.line_no = l.line_no), 0)
        """

    /// One customer's distinct products, most recent first.
    static func history(of customer: Customer.ID, store: Store.ID?, since: Date, before: Date, limit: Int) -> SQLQueryString {
        let storeFilter: SQLQueryString = store.map { "AND o.store_id = \(bind: $0)" } ?? ""
        return """
            SELECT l.product_id AS product_id, p.category_id AS category_id, MAX(o.occurred_at) AS last_at, COUNT(DISTINCT o.id) AS orders
            FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
            WHERE o.customer_id = \(bind: customer) \(storeFilter) AND o.status <> \(bind: OrderStatus.cancelled.rawValue)
              AND o.occurred_at >= \(bind: since) AND o.occurred_at < \(bind: before) AND \(notReturnedInFull)
            GROUP BY l.product_id, p.category_id
            ORDER BY MAX(o.occurred_at) DESC, l.product_id
            LIMIT \(literal: limit)
            """
    }

    /// `held_out`: each customer's last basket (latest time, then highest id) when they have two or more.
    static let heldOut: SQLQueryString = """
        baskets AS (SELECT DISTINCT order_id, customer_id, occurred_at FROM net_lines),
        ranked_baskets AS (
            SELECT order_id, customer_id, occurred_at,
                   ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY occurred_at DESC, order_id DESC) AS position,
                   COUNT(*) OVER (PARTITION BY customer_id) AS basket_count
            FROM baskets
        ),
        held_out AS (SELECT order_id, customer_id, occurred_at FROM ranked_baskets WHERE position = 1 AND basket_count >= 2)
        """

    /// `WITH net_lines, [held_out,] pairs` ready for a final SELECT.
    static func pairs(_ source: Source) -> SQLQueryString {
        let training: SQLQueryString = source.holdingOutLastBaskets ? "WHERE order_id NOT IN (SELECT order_id FROM held_out)" : ""
        let heldOutPart: SQLQueryString = source.holdingOutLastBaskets ? "\(Self.heldOut)," : ""
        return """
            WITH \(netLines(source)), \(heldOutPart)
            pairs AS (
                SELECT customer_id, product_id, MAX(occurred_at) AS last_at, COUNT(DISTINCT order_id) AS orders
                FROM net_lines \(training) GROUP BY customer_id, product_id
            )
            """
    }

    /// Each customer's purchased products in the window as one comma-separated list, with a product bought
    /// since `recentSince` marked by a leading `r`; a product bought twice appears twice (the reader keeps one).
    /// One grouping by customer: reducing to distinct customer × product first sorted the ten million lines of
    /// a million members twice, which cost a third of the model's time on SQLite.
    static func baskets(_ source: Source, recentSince: Date, dialect: SQLDialect) -> SQLQueryString {
        let token = SQLQueryString("CASE WHEN occurred_at >= \(bind: recentSince) THEN 'r' ELSE '' END || CAST(product_id AS TEXT)")
        let training: SQLQueryString = source.holdingOutLastBaskets ? "WHERE order_id NOT IN (SELECT order_id FROM held_out)" : ""
        let heldOutPart: SQLQueryString = source.holdingOutLastBaskets ? ", \(Self.heldOut)" : ""
        return """
            WITH \(netLines(source))\(heldOutPart)
            SELECT customer_id, \(dialect.listAggregate(token)) AS products FROM net_lines \(training) GROUP BY customer_id
            """
    }
}
