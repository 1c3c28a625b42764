import SQLKit

/// Idempotency keys: one row per caller, operation and key. The primary key is the lock that makes a retry
/// race-free — the first request inserts the row (status NULL while it runs), a concurrent duplicate finds it.
struct M0010_IdempotencyKeys: Migration {
    let version = 10
    let name = "idempotency keys"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE idempotency_keys (
                scope TEXT NOT NULL,
                operation TEXT NOT NULL,
                idem_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status INTEGER,
                response_headers TEXT,
                response_body BYTEA,
                created_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (scope, operation, idem_key)
            )
            """,
            "CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)",
        ], on: sql)
    }
}
