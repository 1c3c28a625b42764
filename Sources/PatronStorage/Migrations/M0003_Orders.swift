import SQLKit

/// Amounts are integer minor units; `(store_id, pos_number)` is unique so a POS retry cannot double-book.
struct M0003_Orders: Migration {
    let version = 3
    let name = "orders, lines and payments"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE orders (
                id UUID PRIMARY KEY,
                store_id UUID NOT NULL REFERENCES stores (id),
                pos_number TEXT NOT NULL,
                channel TEXT NOT NULL,
                customer_id UUID REFERENCES customers (id),
                occurred_at TIMESTAMPTZ NOT NULL,
                currency TEXT NOT NULL,
                subtotal BIGINT NOT NULL,
                order_discount BIGINT NOT NULL,
                total BIGINT NOT NULL,
                status TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                UNIQUE (store_id, pos_number)
            )
            """,
            "CREATE INDEX orders_customer ON orders (customer_id, occurred_at)",
            "CREATE INDEX orders_occurred ON orders (occurred_at)",
            """
            CREATE TABLE order_lines (
                order_id UUID NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
                line_no INTEGER NOT NULL,
                sku TEXT NOT NULL,
                product_id UUID REFERENCES products (id),
                quantity INTEGER NOT NULL,
                unit_price BIGINT NOT NULL,
                discount BIGINT NOT NULL,
                line_total BIGINT NOT NULL,
                PRIMARY KEY (order_id, line_no)
            )
            """,
            """
            CREATE TABLE order_payments (
                order_id UUID NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                method TEXT NOT NULL,
                amount BIGINT NOT NULL,
                PRIMARY KEY (order_id, seq)
            )
            """,
        ], on: sql)
    }
}
