import SQLKit

/// Personal fields are stored only as AES-GCM ciphertext (`*_enc`); exact lookups go through HMAC blind
/// indexes (`*_bidx`), so the table can be searched without being readable.
struct M0002_Customers: Migration {
    let version = 2
    let name = "customers with encrypted personal data"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE customers (
                id UUID PRIMARY KEY,
                name_enc BYTEA NOT NULL,
                mobile_enc BYTEA,
                mobile_bidx TEXT UNIQUE,
                mobile_last4_bidx TEXT,
                gender TEXT NOT NULL,
                birthday_enc BYTEA,
                preferred_store_id UUID REFERENCES stores (id),
                source_channel TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX customers_mobile_last4 ON customers (mobile_last4_bidx)",
            "CREATE INDEX customers_store ON customers (preferred_store_id)",
        ], on: sql)
    }
}
