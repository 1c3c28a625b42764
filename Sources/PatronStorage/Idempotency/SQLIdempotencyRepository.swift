import Foundation
import PatronCore
import SQLKit

/// Keys in `idempotency_keys`. A claim is one transaction that drops the key's expired use, inserts the row
/// ignoring a conflict and, when another request holds the key, reads what it left; the primary key decides
/// which of two concurrent requests runs, on both engines.
public struct SQLIdempotencyRepository: IdempotencyRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func claim(_ claim: IdempotencyClaim) async throws -> IdempotencyOutcome {
        try await database.transaction { sql in
            try await sql.delete(from: "idempotency_keys").where("scope", .equal, claim.scope).where("operation", .equal, claim.operation)
                .where("idem_key", .equal, claim.key).where("expires_at", .lessThanOrEqual, claim.at).run()
            let inserted = try await sql.insert(into: "idempotency_keys")
                .columns("scope", "operation", "idem_key", "request_hash", "created_at", "expires_at")
                .values(SQLBind(claim.scope), SQLBind(claim.operation), SQLBind(claim.key), SQLBind(claim.requestHash), SQLBind(claim.at),
                        SQLBind(claim.expiresAt))
                .ignoringConflicts(with: ["scope", "operation", "idem_key"])
                .returning("idem_key").first()
            if inserted != nil { return .claimed }
            guard let row = try await sql.select().columns("request_hash", "status", "response_headers", "response_body").from("idempotency_keys")
                .where("scope", .equal, claim.scope).where("operation", .equal, claim.operation).where("idem_key", .equal, claim.key).first() else {
                return .inFlight
            }
            guard try row.decode(column: "request_hash", as: String.self) == claim.requestHash else { return .reused }
            guard let status = try row.decode(column: "status", as: Int?.self) else { return .inFlight }
            let headers = try row.decode(column: "response_headers", as: String?.self)
                .map { try JSONDecoder().decode([[String]].self, from: Data($0.utf8)) } ?? []
            return .replay(StoredResponse(status: status, headers: headers, body: try row.decode(column: "response_body", as: Data?.self)))
        }
    }

    public func complete(_ claim: IdempotencyClaim, with response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await database.transaction { sql in
            try await sql.update("idempotency_keys").set("status", to: SQLBind(response.status)).set("response_headers", to: SQLBind(headers))
                .set("response_body", to: SQLBind(response.body))
                .where("scope", .equal, claim.scope).where("operation", .equal, claim.operation).where("idem_key", .equal, claim.key)
                .where("request_hash", .equal, claim.requestHash).run()
        }
    }

    public func release(_ claim: IdempotencyClaim) async throws {
        try await database.transaction { sql in
            try await sql.delete(from: "idempotency_keys").where("scope", .equal, claim.scope).where("operation", .equal, claim.operation)
                .where("idem_key", .equal, claim.key).where("request_hash", .equal, claim.requestHash)
                .where("status", .is, SQLLiteral.null).run()
        }
    }

    @discardableResult
    public func purgeExpired(at date: Date) async throws -> Int {
        try await database.transaction { sql in
            try await sql.delete(from: "idempotency_keys").where("expires_at", .lessThanOrEqual, date).returning("idem_key").all().count
        }
    }
}
