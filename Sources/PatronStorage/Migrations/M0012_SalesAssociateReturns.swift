import SQLKit

/// Sales associates record returns at the till: the built-in `sales_associate` role gains `orders.refund`
/// (still store-scoped, so only for their own store). `BuiltInRoles.sync` would also add it on the next start;
/// the step records the change in the schema history and applies it to the stored role at once.
struct M0012_SalesAssociateReturns: Migration {
    let version = 12
    let name = "sales associates record returns"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            INSERT INTO role_permissions (role_name, permission)
            SELECT name, 'orders.refund' FROM roles
            WHERE name = 'sales_associate' AND built_in = TRUE
              AND NOT EXISTS (SELECT 1 FROM role_permissions WHERE role_name = 'sales_associate' AND permission = 'orders.refund')
            """,
        ], on: sql)
    }
}
