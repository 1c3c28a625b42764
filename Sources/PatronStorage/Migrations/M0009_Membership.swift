import SQLKit

/// Membership: the inputs staff enter by hand (points adjustments, tier overrides) and the state the engine
/// derives from them and from orders (standing, lots, ledger, consumptions, tier history, per-order
/// activity). Derived tables are rebuilt by `patron membership rebuild`; inputs never are.
struct M0009_Membership: Migration {
    let version = 9
    let name = "membership tiers and points ledger"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE membership (
                customer_id UUID PRIMARY KEY REFERENCES customers (id),
                tier TEXT NOT NULL,
                earned_tier TEXT NOT NULL,
                since TIMESTAMPTZ,
                review_due TIMESTAMPTZ,
                grace_until TIMESTAMPTZ,
                override_id UUID,
                override_tier TEXT,
                override_reason TEXT,
                override_set_at TIMESTAMPTZ,
                override_until TIMESTAMPTZ,
                override_by TEXT,
                balance BIGINT NOT NULL,
                debt BIGINT NOT NULL,
                last_entry INTEGER NOT NULL,
                last_tier_change INTEGER NOT NULL,
                advanced_to TIMESTAMPTZ,
                last_input_at TIMESTAMPTZ,
                last_input_rank INTEGER,
                last_input_id TEXT,
                next_event_at TIMESTAMPTZ
            )
            """,
            "CREATE INDEX membership_next_event ON membership (next_event_at)",
            "CREATE INDEX membership_tier ON membership (tier)",
            """
            CREATE TABLE points_lots (
                customer_id UUID NOT NULL REFERENCES customers (id),
                lot_no INTEGER NOT NULL,
                earned_at TIMESTAMPTZ NOT NULL,
                available_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ,
                points BIGINT NOT NULL,
                remaining BIGINT NOT NULL,
                order_id UUID,
                PRIMARY KEY (customer_id, lot_no)
            )
            """,
            "CREATE INDEX points_lots_open ON points_lots (customer_id) WHERE remaining > 0",
            """
            CREATE TABLE points_ledger (
                customer_id UUID NOT NULL REFERENCES customers (id),
                seq INTEGER NOT NULL,
                kind TEXT NOT NULL,
                points BIGINT NOT NULL,
                at TIMESTAMPTZ NOT NULL,
                order_id UUID,
                return_id UUID,
                shortfall BIGINT NOT NULL,
                balance_after BIGINT NOT NULL,
                note TEXT NOT NULL,
                PRIMARY KEY (customer_id, seq)
            )
            """,
            """
            CREATE TABLE points_consumptions (
                customer_id UUID NOT NULL REFERENCES customers (id),
                entry_seq INTEGER NOT NULL,
                lot_no INTEGER NOT NULL,
                points BIGINT NOT NULL,
                PRIMARY KEY (customer_id, entry_seq, lot_no)
            )
            """,
            """
            CREATE TABLE tier_history (
                customer_id UUID NOT NULL REFERENCES customers (id),
                seq INTEGER NOT NULL,
                at TIMESTAMPTZ NOT NULL,
                from_tier TEXT NOT NULL,
                to_tier TEXT NOT NULL,
                cause TEXT NOT NULL,
                order_id UUID,
                note TEXT NOT NULL,
                PRIMARY KEY (customer_id, seq)
            )
            """,
            """
            CREATE TABLE membership_activity (
                order_id UUID PRIMARY KEY REFERENCES orders (id),
                customer_id UUID NOT NULL REFERENCES customers (id),
                occurred_at TIMESTAMPTZ NOT NULL,
                net_spend BIGINT NOT NULL,
                counts BOOLEAN NOT NULL,
                points_earned BIGINT NOT NULL,
                points_reversed BIGINT NOT NULL,
                non_points_paid BIGINT NOT NULL,
                non_points_refunded BIGINT NOT NULL,
                points_redeemed BIGINT NOT NULL,
                points_paid BIGINT NOT NULL,
                points_refunded BIGINT NOT NULL,
                points_credited BIGINT NOT NULL,
                lot_no INTEGER
            )
            """,
            "CREATE INDEX membership_activity_customer ON membership_activity (customer_id, occurred_at)",
            """
            CREATE TABLE points_adjustments (
                id UUID PRIMARY KEY,
                customer_id UUID NOT NULL REFERENCES customers (id),
                points BIGINT NOT NULL,
                reason TEXT NOT NULL,
                at TIMESTAMPTZ NOT NULL,
                by_actor TEXT NOT NULL
            )
            """,
            "CREATE INDEX points_adjustments_customer ON points_adjustments (customer_id, at)",
            """
            CREATE TABLE tier_overrides (
                id UUID PRIMARY KEY,
                customer_id UUID NOT NULL REFERENCES customers (id),
                tier TEXT NOT NULL,
                reason TEXT NOT NULL,
                set_at TIMESTAMPTZ NOT NULL,
                until TIMESTAMPTZ,
                set_by TEXT NOT NULL,
                ended_at TIMESTAMPTZ,
                ended_by TEXT
            )
            """,
            "CREATE INDEX tier_overrides_customer ON tier_overrides (customer_id, set_at)",
        ], on: sql)
    }
}
