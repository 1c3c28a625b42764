import Foundation
import PatronCore
import SQLKit

public struct SQLRoleRepository: RoleRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func all() async throws -> [Role] {
        try await database.read { sql in try await Self.load(sql, names: nil) }
    }

    public func find(_ name: String) async throws -> Role? {
        try await database.read { sql in try await Self.load(sql, names: [name]).first }
    }

    public func create(_ role: Role, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            guard try await sql.select().column("name").from("roles").where("name", .equal, role.name).first() == nil else {
                throw PatronError.conflict(field: "name", message: "a role named \(role.name) already exists")
            }
            try await sql.insert(into: "roles").columns("name", "name_zh", "name_en", "store_scoped", "built_in")
                .values(SQLBind(role.name), SQLBind(role.nameZh), SQLBind(role.nameEn), SQLBind(role.storeScoped), SQLBind(false))
                .run()
            try await Self.replacePermissions(role, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func update(_ role: Role, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.update("roles").set("name_zh", to: role.nameZh).set("name_en", to: role.nameEn)
                .set("store_scoped", to: role.storeScoped).where("name", .equal, role.name).where("built_in", .equal, false).run()
            try await Self.replacePermissions(role, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func delete(_ name: String, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            let holders = try await sql.raw("SELECT count(*) AS n FROM staff_roles WHERE role_name = \(bind: name)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            guard holders == 0 else {
                throw PatronError.conflict(field: "name", message: "\(holders) staff member(s) hold the role \(name); reassign them first")
            }
            try await sql.delete(from: "roles").where("name", .equal, name).where("built_in", .equal, false).run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    static func replacePermissions(_ role: Role, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "role_permissions").where("role_name", .equal, role.name).run()
        try await sql.insert(into: "role_permissions").columns("role_name", "permission")
            .rows(role.permissions.sorted().map { [SQLBind(role.name), SQLBind($0.rawValue)] })
            .run()
    }

    /// Roles with their permissions; unknown permission names (from a newer binary) are skipped.
    static func load(_ sql: any SQLDatabase, names: [String]?) async throws -> [Role] {
        var roleQuery = sql.select().column("*").from("roles").orderBy("name")
        var permissionQuery = sql.select().column("*").from("role_permissions")
        if let names {
            roleQuery = roleQuery.where("name", .in, names)
            permissionQuery = permissionQuery.where("role_name", .in, names)
        }
        var permissions: [String: Set<Permission>] = [:]
        for row in try await permissionQuery.all() {
            if let permission = Permission(rawValue: try row.decode(column: "permission", as: String.self)) {
                permissions[try row.decode(column: "role_name", as: String.self), default: []].insert(permission)
            }
        }
        return try await roleQuery.all().map { row in
            let roleName = try row.decode(column: "name", as: String.self)
            return Role(name: roleName, nameZh: try row.decode(column: "name_zh", as: String.self),
                        nameEn: try row.decode(column: "name_en", as: String.self), permissions: permissions[roleName] ?? [],
                        storeScoped: try row.decode(column: "store_scoped", as: Bool.self),
                        builtIn: try row.decode(column: "built_in", as: Bool.self))
        }
    }

    /// The roles of one staff member, for computing grants on each request: only those rows are read.
    public func roles(named names: [String]) async throws -> [Role] {
        guard !names.isEmpty else { return [] }
        return try await database.read { sql in try await Self.load(sql, names: names) }
    }
}
