import Foundation
import PatronCore
import SQLKit

public struct SQLAPIKeyRepository: APIKeyRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func create(_ key: APIKey, secretDigest: String, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.insert(into: "api_keys")
                .columns("id", "name", "prefix", "secret_hash", "scopes", "store_id", "created_by", "created_at", "expires_at")
                .values(SQLBind(key.id), SQLBind(key.name), SQLBind(key.prefix), SQLBind(secretDigest),
                        SQLBind(key.scopes.sorted().map(\.rawValue).joined(separator: " ")), SQLBind(key.storeId),
                        SQLBind(key.createdBy), SQLBind(key.createdAt), SQLBind(key.expiresAt))
                .run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func list(_ page: PageRequest) async throws -> Page<APIKey> {
        try await database.read { sql in
            let page = try await timeOrderedRows(sql, table: "api_keys", timeColumn: "created_at", page: page)
            return Page(items: try page.rows.map(Self.decode), nextCursor: page.nextCursor)
        }
    }

    public func authenticate(secretDigest: String, at now: Date) async throws -> APIKey? {
        let key = try await database.read { sql in
            try await sql.select().column("*").from("api_keys").where("secret_hash", .equal, secretDigest).first().map(Self.decode)
        }
        guard let key, key.isUsable(at: now) else { return nil }
        if key.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await database.transaction { sql in
                try await sql.update("api_keys").set("last_used_at", to: now).where("id", .equal, key.id).run()
            }
        }
        return key
    }

    public func revoke(_ id: APIKey.ID, at now: Date, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            guard try await sql.select().column("id").from("api_keys").where("id", .equal, id).first() != nil else {
                throw PatronError.notFound(resource: "API key", id: id.uuidString.lowercased())
            }
            try await sql.update("api_keys").set("revoked_at", to: now).where("id", .equal, id).where("revoked_at", .is, SQLLiteral.null).run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    static func decode(_ row: any SQLRow) throws -> APIKey {
        let scopes = try row.decode(column: "scopes", as: String.self).split(separator: " ").compactMap { Permission(rawValue: String($0)) }
        return APIKey(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                      prefix: try row.decode(column: "prefix", as: String.self), scopes: Set(scopes),
                      storeId: try row.decode(column: "store_id", as: UUID?.self),
                      createdBy: try row.decode(column: "created_by", as: UUID?.self),
                      createdAt: try row.decode(column: "created_at", as: Date.self),
                      expiresAt: try row.decode(column: "expires_at", as: Date?.self),
                      revokedAt: try row.decode(column: "revoked_at", as: Date?.self),
                      lastUsedAt: try row.decode(column: "last_used_at", as: Date?.self))
    }
}
