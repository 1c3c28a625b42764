import SQLKit

/// A store's orders in a time range — the store manager's home page and orders list. Without it the
/// planner walks the `(store_id, pos_number)` unique index over every order the store ever had.
struct M0013_OrdersByStoreAndTime: Migration {
    let version = 13
    let name = "orders by store and time"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute(["CREATE INDEX orders_store_occurred ON orders (store_id, occurred_at)"], on: sql)
    }
}
