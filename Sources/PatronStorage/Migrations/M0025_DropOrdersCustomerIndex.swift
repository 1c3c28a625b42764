import SQLKit

/// `orders_customer (customer_id, occurred_at)` is a prefix of `orders_insight (customer_id, occurred_at,
/// status, total)`, which serves every query it served; keeping both only cost each order a second index
/// write and the file its size.
struct M0025_DropOrdersCustomerIndex: Migration {
    let version = 25
    let name = "drop the redundant orders_customer index"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute(["DROP INDEX orders_customer"], on: sql)
    }
}
