import Foundation
import PatronCore
import SQLKit

/// The second step: each tag kind is one INSERT … SELECT over the facts, applying `PersonaRules`, for one
/// customer or for all. Shares are computed in floating point from integer counts and minor units.
struct PersonaTagRules: Sendable {
    let rules: PersonaRules

    func insert(_ customer: Customer.ID?, at date: Date, on sql: any SQLDatabase) async throws {
        for statement in statements(customer, at: date) { try await sql.raw(statement).run() }
    }

    private static let into: SQLQueryString = "INSERT INTO customer_personas (customer_id, kind, value, score, computed_at) "

    private func statements(_ c: Customer.ID?, at date: Date) -> [SQLQueryString] {
        let r = rules
        let only = { (column: String) in PersonaFacts.only(column, c) }
        let orderTotals: SQLQueryString = """
            (SELECT customer_id, SUM(orders) AS n, SUM(store_orders) AS s, SUM(morning) AS mo, SUM(afternoon) AS af,
                    SUM(evening) AS ev, SUM(night) AS ni, SUM(weekend) AS we
             FROM persona_store_facts\(only("customer_id")) GROUP BY customer_id) t
            """
        let share = { (part: String, whole: String) -> SQLQueryString in "CAST(\(unsafeRaw: part) AS DOUBLE PRECISION) / \(unsafeRaw: whole)" }
        let busiest = "CASE WHEN mo >= af AND mo >= ev AND mo >= ni THEN 1 WHEN af >= ev AND af >= ni THEN 2 WHEN ev >= ni THEN 3 ELSE 4 END"
        return [
            Self.into + """
                SELECT customer_id, \(bind: PersonaKind.channel.rawValue),
                    CASE WHEN \(share("s", "n")) >= \(bind: r.omnichannelMinShare) AND \(share("n - s", "n")) >= \(bind: r.omnichannelMinShare)
                         THEN \(bind: "omnichannel") WHEN s * 2 >= n THEN \(bind: "store") ELSE \(bind: "online") END,
                    CASE WHEN \(share("s", "n")) >= \(bind: r.omnichannelMinShare) AND \(share("n - s", "n")) >= \(bind: r.omnichannelMinShare)
                         THEN \(share("CASE WHEN s * 2 >= n THEN n - s ELSE s END", "n"))
                         WHEN s * 2 >= n THEN \(share("s", "n")) ELSE \(share("n - s", "n")) END,
                    \(bind: date)
                FROM \(orderTotals) WHERE n > 0
                """,
            Self.into + """
                SELECT customer_id, \(bind: PersonaKind.daypart.rawValue),
                    CASE part WHEN 1 THEN \(bind: "morning") WHEN 2 THEN \(bind: "afternoon") WHEN 3 THEN \(bind: "evening") ELSE \(bind: "night") END,
                    \(share("top", "n")), \(bind: date)
                FROM (SELECT customer_id, n, \(unsafeRaw: busiest) AS part,
                             CASE \(unsafeRaw: busiest) WHEN 1 THEN mo WHEN 2 THEN af WHEN 3 THEN ev ELSE ni END AS top
                      FROM \(orderTotals) WHERE n > 0) d
                WHERE \(share("top", "n")) >= \(bind: r.daypartMinShare)
                """,
            Self.into + """
                SELECT customer_id, \(bind: PersonaKind.week.rawValue),
                    CASE WHEN \(share("we", "n")) >= \(bind: r.weekendMinShare) THEN \(bind: "weekend") ELSE \(bind: "weekday") END,
                    CASE WHEN \(share("we", "n")) >= \(bind: r.weekendMinShare) THEN \(share("we", "n")) ELSE \(share("n - we", "n")) END,
                    \(bind: date)
                FROM \(orderTotals) WHERE n > 0
                """,
            Self.into + """
                SELECT f.customer_id, \(bind: PersonaKind.store.rawValue), st.code, \(share("f.orders", "f.n")), \(bind: date)
                FROM (SELECT customer_id, store_id, orders, SUM(orders) OVER (PARTITION BY customer_id) AS n,
                             ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY orders DESC, store_id) AS rn
                      FROM persona_store_facts\(only("customer_id"))) f
                JOIN stores st ON st.id = f.store_id
                WHERE f.rn = 1 AND f.n > 0 AND \(share("f.orders", "f.n")) >= \(bind: r.preferredStoreMinShare)
                """,
            Self.into + """
                SELECT r.customer_id, \(bind: PersonaKind.category.rawValue), pc.code, r.share, \(bind: date)
                FROM (SELECT f.customer_id, f.category_id, \(share("f.spend", "t.total")) AS share,
                             ROW_NUMBER() OVER (PARTITION BY f.customer_id ORDER BY f.spend DESC, f.category_id) AS rn
                      FROM persona_category_facts f
                      JOIN (SELECT customer_id, SUM(spend) AS total FROM persona_category_facts\(only("customer_id"))
                            GROUP BY customer_id) t ON t.customer_id = f.customer_id
                      WHERE t.total > 0 AND f.spend > 0 AND f.category_id <> \(bind: PersonaFacts.noCategory)) r
                JOIN product_categories pc ON pc.id = r.category_id
                WHERE r.rn <= \(bind: r.maxCategories) AND r.share >= \(bind: r.categoryMinShare)
                """,
            Self.into + """
                SELECT customer_id, \(bind: PersonaKind.discount.rawValue),
                    CASE WHEN share >= \(bind: r.discountHighShare) THEN \(bind: "high")
                         WHEN share >= \(bind: r.discountMediumShare) THEN \(bind: "medium") ELSE \(bind: "low") END,
                    share, \(bind: date)
                FROM (SELECT customer_id, \(share("SUM(discounted)", "SUM(spend)")) AS share
                      FROM persona_category_facts\(only("customer_id")) GROUP BY customer_id HAVING SUM(spend) > 0) d
                """,
            Self.into + """
                SELECT customer_id, \(bind: PersonaKind.price.rawValue),
                    CASE WHEN idx <= \(bind: r.budgetIndexAtMost) THEN \(bind: "budget")
                         WHEN idx >= \(bind: r.premiumIndexAtLeast) THEN \(bind: "premium") ELSE \(bind: "mid") END,
                    idx, \(bind: date)
                FROM (SELECT customer_id, \(share("SUM(band_points)", "SUM(units)")) AS idx
                      FROM persona_category_facts\(only("customer_id")) GROUP BY customer_id HAVING SUM(units) > 0) p
                """,
        ]
    }
}
