import Foundation
import PatronCore
import SQLKit

public struct SQLStaffRepository: StaffRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func create(_ member: StaffMember, passwordHash: String) async throws {
        try await database.transaction { sql in
            let existing = try await sql.select().column("id").from("staff").where("username", .equal, member.username).first()
            guard existing == nil else {
                throw PatronError.conflict(field: "username", message: "the username \(member.username) is taken")
            }
            try await sql.insert(into: "staff")
                .columns("id", "username", "display_name", "department", "home_store_id", "password_hash", "is_active", "created_at")
                .values(SQLBind(member.id), SQLBind(member.username), SQLBind(member.displayName), SQLBind(member.department.rawValue),
                        SQLBind(member.homeStoreId), SQLBind(passwordHash), SQLBind(member.isActive), SQLBind(member.createdAt))
                .run()
        }
    }

    public func findByUsername(_ username: String) async throws -> (StaffMember, passwordHash: String)? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("staff").where("username", .equal, username).first() else {
                return nil
            }
            return (try Self.decode(row), try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func createSession(tokenDigest: String, staffId: StaffMember.ID, expiresAt: Date) async throws {
        try await database.transaction { sql in
            try await sql.insert(into: "auth_tokens")
                .columns("token_hash", "staff_id", "created_at", "expires_at")
                .values(SQLBind(tokenDigest), SQLBind(staffId), SQLBind(Date()), SQLBind(expiresAt))
                .run()
        }
    }

    public func findSession(tokenDigest: String, at now: Date) async throws -> StaffMember? {
        try await database.read { sql in
            try await sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("staff")))
                .from("auth_tokens")
                .join("staff", on: SQLColumn("staff_id", table: "auth_tokens"), .equal, SQLColumn("id", table: "staff"))
                .where(SQLColumn("token_hash", table: "auth_tokens"), .equal, SQLBind(tokenDigest))
                .where(SQLColumn("expires_at", table: "auth_tokens"), .greaterThan, SQLBind(now))
                .where(SQLColumn("revoked_at", table: "auth_tokens"), .is, SQLLiteral.null)
                .where(SQLColumn("is_active", table: "staff"), .equal, SQLBind(true))
                .first()
                .map(Self.decode)
        }
    }

    public func revokeSession(tokenDigest: String, at now: Date) async throws {
        try await database.transaction { sql in
            try await sql.update("auth_tokens").set("revoked_at", to: SQLBind(now))
                .where("token_hash", .equal, tokenDigest).where("revoked_at", .is, SQLLiteral.null)
                .run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> StaffMember {
        StaffMember(id: try row.decode(column: "id", as: UUID.self),
                    username: try row.decode(column: "username", as: String.self),
                    displayName: try row.decode(column: "display_name", as: String.self),
                    department: StaffMember.Department(rawValue: try row.decode(column: "department", as: String.self)) ?? .sales,
                    homeStoreId: try row.decode(column: "home_store_id", as: UUID?.self),
                    isActive: try row.decode(column: "is_active", as: Bool.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
