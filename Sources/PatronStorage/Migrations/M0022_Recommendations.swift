import SQLKit

/// The item-to-item recommendation model: each product's strongest co-purchase neighbours and every
/// product's buyers, replaced whole by each rebuild and stamped with when it was computed.
struct M0022_Recommendations: Migration {
    let version = 22
    let name = "recommendations"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE product_similarity (
                product_id UUID NOT NULL REFERENCES products (id),
                neighbour_id UUID NOT NULL REFERENCES products (id),
                score DOUBLE PRECISION NOT NULL,
                co_count INTEGER NOT NULL,
                computed_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (product_id, neighbour_id)
            )
            """,
            """
            CREATE TABLE product_popularity (
                product_id UUID PRIMARY KEY REFERENCES products (id),
                category_id UUID REFERENCES product_categories (id),
                buyers INTEGER NOT NULL,
                recent_buyers INTEGER NOT NULL,
                computed_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX product_popularity_rank ON product_popularity (recent_buyers, buyers)",
        ], on: sql)
    }
}
