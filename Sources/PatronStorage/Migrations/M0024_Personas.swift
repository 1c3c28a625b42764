import SQLKit

/// Persona tags (顾客画像) and the per-customer facts they are derived from. The facts tables hold one row per
/// customer and store, and per customer and category, so a tag rule reads a few rows per customer instead
/// of the order history; `(kind, value)` serves the customer list's persona filter and the tag counts.
struct M0024_Personas: Migration {
    let version = 24
    let name = "customer personas"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE customer_personas (
                customer_id UUID NOT NULL REFERENCES customers (id),
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                computed_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (customer_id, kind, value)
            )
            """,
            "CREATE INDEX customer_personas_tag ON customer_personas (kind, value, customer_id)",
            """
            CREATE TABLE persona_store_facts (
                customer_id UUID NOT NULL,
                store_id UUID NOT NULL,
                orders BIGINT NOT NULL,
                store_orders BIGINT NOT NULL,
                morning BIGINT NOT NULL,
                afternoon BIGINT NOT NULL,
                evening BIGINT NOT NULL,
                night BIGINT NOT NULL,
                weekend BIGINT NOT NULL
            )
            """,
            "CREATE INDEX persona_store_facts_customer ON persona_store_facts (customer_id)",
            """
            CREATE TABLE persona_category_facts (
                customer_id UUID NOT NULL,
                category_id UUID NOT NULL,
                spend BIGINT NOT NULL,
                discounted BIGINT NOT NULL,
                units BIGINT NOT NULL,
                band_points BIGINT NOT NULL
            )
            """,
            "CREATE INDEX persona_category_facts_customer ON persona_category_facts (customer_id)",
            """
            CREATE TABLE persona_price_ladder (
                category_id UUID PRIMARY KEY,
                low_price BIGINT NOT NULL,
                high_price BIGINT NOT NULL
            )
            """,
        ], on: sql)
    }
}
