import PatronCore
import SQLKit

/// Roles and their permissions, staff-role assignments, sign-in throttling state, store hours, API keys.
/// Existing staff (the demo's or the first administrator) become administrators.
struct M0005_AccessControl: Migration {
    let version = 5
    let name = "roles, permissions, API keys, sign-in throttling, store hours"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE roles (
                name TEXT PRIMARY KEY,
                name_zh TEXT NOT NULL,
                name_en TEXT NOT NULL,
                store_scoped BOOLEAN NOT NULL,
                built_in BOOLEAN NOT NULL
            )
            """,
            """
            CREATE TABLE role_permissions (
                role_name TEXT NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
                permission TEXT NOT NULL,
                PRIMARY KEY (role_name, permission)
            )
            """,
            """
            CREATE TABLE staff_roles (
                staff_id UUID NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
                role_name TEXT NOT NULL REFERENCES roles (name),
                PRIMARY KEY (staff_id, role_name)
            )
            """,
            "CREATE INDEX staff_roles_role ON staff_roles (role_name)",
            "ALTER TABLE staff ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE staff ADD COLUMN locked_until TIMESTAMPTZ",
            "CREATE INDEX staff_home_store ON staff (home_store_id)",
            "ALTER TABLE stores ADD COLUMN opens_at TEXT",
            "ALTER TABLE stores ADD COLUMN closes_at TEXT",
            "ALTER TABLE stores ADD COLUMN is_active BOOLEAN NOT NULL DEFAULT TRUE",
            """
            CREATE TABLE api_keys (
                id UUID PRIMARY KEY,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                store_id UUID REFERENCES stores (id),
                created_by UUID REFERENCES staff (id),
                created_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ,
                revoked_at TIMESTAMPTZ,
                last_used_at TIMESTAMPTZ
            )
            """,
        ], on: sql)
        try await BuiltInRoles.sync(on: sql)
        try await sql.raw("INSERT INTO staff_roles (staff_id, role_name) SELECT id, 'administrator' FROM staff").run()
    }
}

/// Keeps the built-in roles in the database identical to the binary's definition; run after every
/// migration so that an upgrade that changes a default role takes effect everywhere.
enum BuiltInRoles {
    static func sync(on sql: any SQLDatabase) async throws {
        for role in Role.defaults {
            try await sql.delete(from: "role_permissions").where("role_name", .equal, role.name).run()
            let exists = try await sql.select().column("name").from("roles").where("name", .equal, role.name).first() != nil
            if exists {
                try await sql.update("roles").set("name_zh", to: role.nameZh).set("name_en", to: role.nameEn)
                    .set("store_scoped", to: role.storeScoped).set("built_in", to: true).where("name", .equal, role.name).run()
            } else {
                try await sql.insert(into: "roles").columns("name", "name_zh", "name_en", "store_scoped", "built_in")
                    .values(SQLBind(role.name), SQLBind(role.nameZh), SQLBind(role.nameEn), SQLBind(role.storeScoped), SQLBind(true))
                    .run()
            }
            try await sql.insert(into: "role_permissions").columns("role_name", "permission")
                .rows(role.permissions.sorted().map { [SQLBind(role.name), SQLBind($0.rawValue)] })
                .run()
        }
    }
}
