import SQLKit

/// Idempotent POS ingest (a digest of each order's content), the sales associate, exchanges, and returns
/// with their lines and refunds.
struct M0008_OrderIngest: Migration {
    let version = 8
    let name = "order ingest, returns and exchanges"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            "ALTER TABLE orders ADD COLUMN content_hash TEXT",
            "ALTER TABLE orders ADD COLUMN sales_staff_id UUID REFERENCES staff (id)",
            "ALTER TABLE orders ADD COLUMN exchange_of UUID REFERENCES orders (id)",
            """
            CREATE TABLE order_returns (
                id UUID PRIMARY KEY,
                order_id UUID NOT NULL REFERENCES orders (id),
                reason TEXT NOT NULL,
                refund_total BIGINT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX order_returns_order ON order_returns (order_id, created_at)",
            """
            CREATE TABLE order_return_lines (
                return_id UUID NOT NULL REFERENCES order_returns (id),
                line_no INTEGER NOT NULL,
                quantity INTEGER NOT NULL,
                PRIMARY KEY (return_id, line_no)
            )
            """,
            """
            CREATE TABLE order_refunds (
                return_id UUID NOT NULL REFERENCES order_returns (id),
                method TEXT NOT NULL,
                amount BIGINT NOT NULL,
                PRIMARY KEY (return_id, method)
            )
            """,
        ], on: sql)
    }
}
