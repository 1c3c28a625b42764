import SQLKit

/// Full customer profiles: more encrypted fields and blind indexes, tags, name-prefix tokens, consent and
/// change history, merge tombstones and erasure; settings; and data-encryption keys wrapped by the master key.
struct M0007_CustomerProfiles: Migration {
    let version = 7
    let name = "customer profiles, consent, history, settings, data keys"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            "ALTER TABLE customers ADD COLUMN email_enc BYTEA",
            "ALTER TABLE customers ADD COLUMN email_bidx TEXT",
            "CREATE UNIQUE INDEX customers_email ON customers (email_bidx)",
            "ALTER TABLE customers ADD COLUMN birthday_lunar BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE customers ADD COLUMN address_enc BYTEA",
            "ALTER TABLE customers ADD COLUMN wechat_unionid_enc BYTEA",
            "ALTER TABLE customers ADD COLUMN wechat_unionid_bidx TEXT",
            "CREATE UNIQUE INDEX customers_wechat_unionid ON customers (wechat_unionid_bidx)",
            "ALTER TABLE customers ADD COLUMN wechat_openid_enc BYTEA",
            "ALTER TABLE customers ADD COLUMN pos_member_no TEXT",
            "CREATE INDEX customers_pos_member ON customers (pos_member_no)",
            "ALTER TABLE customers ADD COLUMN notes_enc BYTEA",
            "ALTER TABLE customers ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE customers ADD COLUMN merged_into UUID REFERENCES customers (id)",
            "ALTER TABLE customers ADD COLUMN erased_at TIMESTAMPTZ",
            "CREATE INDEX customers_created ON customers (created_at, id)",
            """
            CREATE TABLE customer_tags (
                customer_id UUID NOT NULL REFERENCES customers (id),
                tag TEXT NOT NULL,
                PRIMARY KEY (customer_id, tag)
            )
            """,
            "CREATE INDEX customer_tags_tag ON customer_tags (tag)",
            """
            CREATE TABLE customer_name_tokens (
                customer_id UUID NOT NULL REFERENCES customers (id),
                token TEXT NOT NULL,
                PRIMARY KEY (customer_id, token)
            )
            """,
            "CREATE INDEX customer_name_tokens_token ON customer_name_tokens (token)",
            """
            CREATE TABLE customer_consents (
                id UUID PRIMARY KEY,
                customer_id UUID NOT NULL REFERENCES customers (id),
                channel TEXT NOT NULL,
                granted BOOLEAN NOT NULL,
                recorded_at TIMESTAMPTZ NOT NULL,
                source TEXT NOT NULL,
                recorded_by TEXT
            )
            """,
            "CREATE INDEX customer_consents_customer ON customer_consents (customer_id, recorded_at)",
            """
            CREATE TABLE customer_changes (
                id UUID PRIMARY KEY,
                customer_id UUID NOT NULL REFERENCES customers (id),
                at TIMESTAMPTZ NOT NULL,
                actor_kind TEXT NOT NULL,
                actor_id TEXT,
                actor_name TEXT,
                channel TEXT NOT NULL,
                field TEXT NOT NULL,
                old_value TEXT,
                new_value TEXT
            )
            """,
            "CREATE INDEX customer_changes_customer ON customer_changes (customer_id, at)",
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            """
            CREATE TABLE encryption_keys (
                id TEXT PRIMARY KEY,
                wrapped BYTEA,
                state TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL
            )
            """,
        ], on: sql)
    }
}
