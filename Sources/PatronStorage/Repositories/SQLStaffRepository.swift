import Foundation
import PatronCore
import SQLKit

public struct SQLStaffRepository: StaffRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func create(_ member: StaffMember, passwordHash: String, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            let existing = try await sql.select().column("id").from("staff").where("username", .equal, member.username).first()
            guard existing == nil else {
                throw PatronError.conflict(field: "username", message: "the username \(member.username) is taken")
            }
            try await Self.insertBootstrap(member, passwordHash: passwordHash, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func update(_ member: StaffMember, passwordHash: String?, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            var update = sql.update("staff")
                .set("display_name", to: member.displayName).set("department", to: member.department.rawValue)
                .set("home_store_id", to: member.homeStoreId).set("is_active", to: member.isActive)
                .set("language", to: member.language?.rawValue)
            if let passwordHash {
                update = update.set("password_hash", to: passwordHash).set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
            }
            try await update.where("id", .equal, member.id).run()
            try await Self.replaceRoles(of: member, on: sql)
            if passwordHash != nil || !member.isActive {
                try await sql.update("auth_tokens").set("revoked_at", to: Date())
                    .where("staff_id", .equal, member.id).where("revoked_at", .is, SQLLiteral.null).run()
            }
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func find(_ id: StaffMember.ID) async throws -> StaffMember? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("staff").where("id", .equal, id).first() else { return nil }
            return try await Self.withRoles([Self.decode(row)], on: sql).first
        }
    }

    public func findForLogin(username: String) async throws -> LoginRecord? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("staff").where("username", .equal, username).first() else {
                return nil
            }
            let member = try await Self.withRoles([Self.decode(row)], on: sql)[0]
            return LoginRecord(member: member, passwordHash: try row.decode(column: "password_hash", as: String.self),
                               failedLogins: try row.decode(column: "failed_logins", as: Int.self),
                               lockedUntil: try row.decode(column: "locked_until", as: Date?.self))
        }
    }

    public func countActiveAdministrators() async throws -> Int {
        try await database.read { sql in
            try await sql.raw("""
                SELECT count(*) AS n FROM staff JOIN staff_roles ON staff_roles.staff_id = staff.id
                WHERE staff_roles.role_name = \(bind: Role.administrator) AND staff.is_active = \(bind: true)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func list(_ page: PageRequest, store: Store.ID?) async throws -> Page<StaffMember> {
        try await database.read { sql in
            let plain = try await keysetPage(sql, table: "staff", key: "username", page: page, keyOf: \.username, decode: Self.decode,
                                             filter: { query in store.map { query.where("home_store_id", .equal, $0) } ?? query })
            return Page(items: try await Self.withRoles(plain.items, on: sql), nextCursor: plain.nextCursor)
        }
    }

    /// The increment happens in SQL and the count comes back with `RETURNING`, so concurrent failures never
    /// read the same old count: PostgreSQL queues them on the row lock, SQLite on its single writer.
    @discardableResult
    public func recordFailedLogin(_ id: StaffMember.ID, lock: @escaping @Sendable (_ failures: Int) -> Date?,
                                  audit: @escaping @Sendable (_ failures: Int, _ lockedUntil: Date?) -> [AuditEvent]) async throws -> Int {
        try await database.transaction { sql in
            let failures = try await sql.update("staff")
                .set(SQLIdentifier("failed_logins"), to: SQLBinaryExpression(SQLIdentifier("failed_logins"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, id)
                .returning("failed_logins")
                .first(decodingColumn: "failed_logins", as: Int.self)
            guard let failures else { throw PatronError.notFound(resource: "staff member", id: id.uuidString) }
            let lockedUntil = lock(failures)
            if let lockedUntil {
                try await sql.update("staff").set("locked_until", to: lockedUntil).where("id", .equal, id).run()
            }
            try await SQLAuditLog.insert(audit(failures, lockedUntil), on: sql)
            return failures
        }
    }

    public func unlock(_ id: StaffMember.ID, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.update("staff").set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
                .where("id", .equal, id).run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func recordSuccessfulLogin(_ id: StaffMember.ID, tokenDigest: String, expiresAt: Date, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.update("staff").set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
                .where("id", .equal, id).run()
            try await sql.insert(into: "auth_tokens")
                .columns("token_hash", "staff_id", "created_at", "expires_at")
                .values(SQLBind(tokenDigest), SQLBind(id), SQLBind(Date()), SQLBind(expiresAt))
                .run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func findSession(tokenDigest: String, at now: Date) async throws -> StaffMember? {
        try await database.read { sql in
            let row = try await sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("staff")))
                .from("auth_tokens")
                .join("staff", on: SQLColumn("staff_id", table: "auth_tokens"), .equal, SQLColumn("id", table: "staff"))
                .where(SQLColumn("token_hash", table: "auth_tokens"), .equal, SQLBind(tokenDigest))
                .where(SQLColumn("expires_at", table: "auth_tokens"), .greaterThan, SQLBind(now))
                .where(SQLColumn("revoked_at", table: "auth_tokens"), .is, SQLLiteral.null)
                .where(SQLColumn("is_active", table: "staff"), .equal, SQLBind(true))
                .first()
            guard let row else { return nil }
            return try await Self.withRoles([Self.decode(row)], on: sql).first
        }
    }

    public func revokeSession(tokenDigest: String, at now: Date, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.update("auth_tokens").set("revoked_at", to: SQLBind(now))
                .where("token_hash", .equal, tokenDigest).where("revoked_at", .is, SQLLiteral.null)
                .run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func changePassword(_ id: StaffMember.ID, passwordHash: String, keepingSession: String?, at now: Date, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.update("staff").set("password_hash", to: passwordHash).set("failed_logins", to: 0)
                .set("locked_until", to: SQLLiteral.null).where("id", .equal, id).run()
            var others = sql.update("auth_tokens").set("revoked_at", to: SQLBind(now))
                .where("staff_id", .equal, id).where("revoked_at", .is, SQLLiteral.null)
            if let keepingSession { others = others.where("token_hash", .notEqual, keepingSession) }
            try await others.run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    /// Inserts a member and their roles; `create` adds the audit event, the demo loader inserts its staff
    /// with no caller to audit but the system.
    static func insertBootstrap(_ member: StaffMember, passwordHash: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "staff")
            .columns("id", "username", "display_name", "department", "home_store_id", "password_hash", "is_active", "created_at", "language")
            .values(SQLBind(member.id), SQLBind(member.username), SQLBind(member.displayName), SQLBind(member.department.rawValue),
                    SQLBind(member.homeStoreId), SQLBind(passwordHash), SQLBind(member.isActive), SQLBind(member.createdAt),
                    SQLBind(member.language?.rawValue))
            .run()
        try await replaceRoles(of: member, on: sql)
    }

    static func replaceRoles(of member: StaffMember, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "staff_roles").where("staff_id", .equal, member.id).run()
        guard !member.roles.isEmpty else { return }
        try await sql.insert(into: "staff_roles").columns("staff_id", "role_name")
            .rows(member.roles.map { [SQLBind(member.id), SQLBind($0)] })
            .run()
    }

    static func withRoles(_ members: [StaffMember], on sql: any SQLDatabase) async throws -> [StaffMember] {
        guard !members.isEmpty else { return [] }
        let rows = try await sql.select().column("staff_id").column("role_name").from("staff_roles")
            .where("staff_id", .in, members.map(\.id)).orderBy("role_name").all()
        var roles: [UUID: [String]] = [:]
        for row in rows {
            roles[try row.decode(column: "staff_id", as: UUID.self), default: []].append(try row.decode(column: "role_name", as: String.self))
        }
        return members.map { member in
            var member = member
            member.roles = roles[member.id] ?? []
            return member
        }
    }

    static func decode(_ row: any SQLRow) throws -> StaffMember {
        StaffMember(id: try row.decode(column: "id", as: UUID.self),
                    username: try row.decode(column: "username", as: String.self),
                    displayName: try row.decode(column: "display_name", as: String.self),
                    department: try row.decodeEnum(column: "department", as: StaffMember.Department.self),
                    homeStoreId: try row.decode(column: "home_store_id", as: UUID?.self),
                    isActive: try row.decode(column: "is_active", as: Bool.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    language: try row.decodeEnumIfPresent(column: "language", as: StaffMember.Language.self))
    }
}
