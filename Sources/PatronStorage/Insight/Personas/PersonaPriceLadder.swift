import Foundation
import PatronCore
import SQLKit

/// The catalogue's price ladder: per category, the list prices at the low and high percentiles, and the same
/// over the whole catalogue under `PersonaFacts.noCategory` for lines without a category. It changes with
/// the catalogue, not with orders, so a refresh rebuilds it and a single customer's update reads it.
struct PersonaPriceLadder: Sendable {
    let rules: PersonaRules

    func rebuild(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM persona_price_ladder").run()
        let low = rules.priceLowPercentile, high = rules.priceHighPercentile
        // The price at rank floor(n × percentile / 100), or the cheapest when that rank is 0.
        let cuts: SQLQueryString = """
            COALESCE(MAX(CASE WHEN rn * 100 <= n * \(bind: low) THEN list_price END), MIN(list_price)) AS low_price,
            COALESCE(MAX(CASE WHEN rn * 100 <= n * \(bind: high) THEN list_price END), MIN(list_price)) AS high_price
            """
        try await sql.raw("""
            INSERT INTO persona_price_ladder (category_id, low_price, high_price)
            SELECT category_id, \(cuts)
            FROM (SELECT category_id, list_price, ROW_NUMBER() OVER (PARTITION BY category_id ORDER BY list_price) AS rn,
                         COUNT(*) OVER (PARTITION BY category_id) AS n
                  FROM products WHERE category_id IS NOT NULL AND list_price > 0) r
            GROUP BY category_id
            """).run()
        try await sql.raw("""
            INSERT INTO persona_price_ladder (category_id, low_price, high_price)
            SELECT \(bind: PersonaFacts.noCategory), low_price, high_price
            FROM (SELECT \(cuts)
                  FROM (SELECT list_price, ROW_NUMBER() OVER (ORDER BY list_price) AS rn, COUNT(*) OVER () AS n
                        FROM products WHERE list_price > 0) r) c
            WHERE low_price IS NOT NULL
            """).run()
    }

    /// Builds the ladder if no refresh has yet: the first order's update must not band every line `mid`.
    func ensure(on sql: any SQLDatabase) async throws {
        let any = try await sql.select().column("category_id").from("persona_price_ladder").limit(1).first()
        if any == nil { try await rebuild(on: sql) }
    }
}
