import SQLKit

/// Interactions on every channel. The body and an unidentified contact are sealed; the contact's blind index
/// uses the purposes of the customers table (`mobile`, `wechat-openid`), so linking to a profile is a join on
/// equal indexes. Customers gain the WeChat openid index that linking needs.
struct M0015_Interactions: Migration {
    let version = 15
    let name = "interactions, linked to customers by blind index"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE interactions (
                id UUID PRIMARY KEY,
                channel TEXT NOT NULL,
                direction TEXT NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                body_enc BYTEA,
                staff_id UUID REFERENCES staff (id),
                store_id UUID REFERENCES stores (id),
                customer_id UUID REFERENCES customers (id),
                contact_kind TEXT,
                contact_enc BYTEA,
                contact_bidx TEXT,
                occurred_at TIMESTAMPTZ NOT NULL,
                ticket_id UUID,
                external_id TEXT,
                recorded_at TIMESTAMPTZ NOT NULL,
                UNIQUE (channel, external_id)
            )
            """,
            "CREATE INDEX interactions_customer ON interactions (customer_id, occurred_at)",
            "CREATE INDEX interactions_contact ON interactions (contact_bidx)",
            "CREATE INDEX interactions_ticket ON interactions (ticket_id)",
            "ALTER TABLE customers ADD COLUMN wechat_openid_bidx TEXT",
            "CREATE INDEX customers_wechat_openid ON customers (wechat_openid_bidx)",
        ], on: sql)
    }
}
