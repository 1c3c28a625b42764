import SQLKit

/// Each live customer's stored insight (features, RFM, lifecycle stage, forecasts; money in minor units)
/// and the chain-wide models a refresh computed. `clv_sort` is the CLV or -1, never NULL, so the drill-down's
/// keyset order is the same on both engines. `orders_insight` covers the feature aggregate, so the refresh
/// reads the index alone instead of visiting every order row (a third of the time on SQLite).
struct M0021_CustomerInsight: Migration {
    let version = 21
    let name = "customer insight scores"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE customer_insight (
                customer_id UUID PRIMARY KEY REFERENCES customers (id),
                computed_at TIMESTAMPTZ NOT NULL,
                orders INTEGER NOT NULL,
                purchase_days INTEGER NOT NULL,
                frequency INTEGER NOT NULL,
                first_purchase_day INTEGER,
                last_purchase_day INTEGER,
                recency_weeks DOUBLE PRECISION NOT NULL,
                age_weeks DOUBLE PRECISION NOT NULL,
                net_spend BIGINT NOT NULL,
                first_day_spend BIGINT NOT NULL,
                avg_repeat_spend BIGINT,
                r_score INTEGER,
                f_score INTEGER,
                m_score INTEGER,
                segment TEXT,
                stage TEXT NOT NULL,
                stage_since_day INTEGER NOT NULL,
                p_alive DOUBLE PRECISION,
                expected_purchases DOUBLE PRECISION,
                expected_spend BIGINT,
                clv BIGINT,
                clv_sort BIGINT NOT NULL,
                model_version TEXT
            )
            """,
            "CREATE INDEX orders_insight ON orders (customer_id, occurred_at, status, total)",
            "CREATE INDEX customer_insight_segment ON customer_insight (segment, clv_sort, customer_id)",
            "CREATE INDEX customer_insight_stage ON customer_insight (stage)",
            """
            CREATE TABLE insight_models (
                scope TEXT PRIMARY KEY,
                version TEXT NOT NULL,
                parameters TEXT NOT NULL,
                computed_at TIMESTAMPTZ NOT NULL
            )
            """,
        ], on: sql)
    }
}
