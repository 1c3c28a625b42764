import Foundation
import PatronCore
import SQLKit

/// Suggestions on SQL, their text and contact sealed with the field cipher.
public struct SQLSuggestionRepository: SuggestionRepository {
    let database: Database
    let cipher: FieldCipher
    static let table = "suggestions"

    public init(_ database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    public func insert(_ suggestion: Suggestion, codeDigest: String) async throws {
        let body = try cipher.seal(suggestion.text)
        let contact = try suggestion.contact.map { try cipher.seal($0.value) }
        let kind: String? = switch suggestion.contact {
        case .mobile: "mobile"
        case .email: "email"
        case nil: nil
        }
        try await database.transaction { sql in
            try await sql.insert(into: Self.table)
                .columns("id", "code_digest", "body", "category", "store_id", "contact_kind", "contact", "status", "department", "public_reply",
                         "reply_sent", "created_at", "updated_at")
                .values(SQLBind(suggestion.id), SQLBind(codeDigest), SQLBind(body), SQLBind(suggestion.category.rawValue), SQLBind(suggestion.storeId),
                        SQLBind(kind), SQLBind(contact), SQLBind(suggestion.status.rawValue), SQLBind(suggestion.department?.rawValue),
                        SQLBind(suggestion.publicReply), SQLBind(suggestion.replySent), SQLBind(suggestion.createdAt), SQLBind(suggestion.updatedAt))
                .run()
        }
    }

    public func find(_ id: Suggestion.ID) async throws -> Suggestion? {
        let cipher = cipher
        return try await database.read { sql in
            try await sql.select().column("*").from(Self.table).where("id", .equal, id).first().map { try Self.decode($0, cipher: cipher) }
        }
    }

    public func find(codeDigest: String) async throws -> Suggestion? {
        let cipher = cipher
        return try await database.read { sql in
            try await sql.select().column("*").from(Self.table).where("code_digest", .equal, codeDigest).first().map { try Self.decode($0, cipher: cipher) }
        }
    }

    public func list(_ filter: SuggestionFilter, page: PageRequest) async throws -> Page<Suggestion> {
        let cipher = cipher
        return try await database.read { sql in
            let (rows, next) = try await timeOrderedRows(sql, table: Self.table, timeColumn: "created_at", page: page) { query in
                var query = query
                if let status = filter.status { query = query.where("status", .equal, status.rawValue) }
                if let category = filter.category { query = query.where("category", .equal, category.rawValue) }
                if let department = filter.department { query = query.where("department", .equal, department.rawValue) }
                return query
            }
            return Page(items: try rows.map { try Self.decode($0, cipher: cipher) }, nextCursor: next)
        }
    }

    public func update(_ suggestion: Suggestion) async throws {
        try await database.transaction { sql in
            try await sql.update(Self.table).set("status", to: suggestion.status.rawValue).set("department", to: suggestion.department?.rawValue)
                .set("public_reply", to: suggestion.publicReply).set("reply_sent", to: suggestion.replySent).set("updated_at", to: suggestion.updatedAt)
                .where("id", .equal, suggestion.id).run()
        }
    }

    static func decode(_ row: any SQLRow, cipher: FieldCipher) throws -> Suggestion {
        var contact: SuggestionContact?
        if let sealed = try row.decode(column: "contact", as: Data?.self) {
            let value = try cipher.open(sealed)
            switch try row.decode(column: "contact_kind", as: String?.self) {
            case "mobile": contact = .mobile(try MobileNumber(value))
            case "email": contact = .email(try EmailAddress(value))
            case let other: throw UnknownStoredValue(column: "contact_kind", value: other ?? "NULL", type: "SuggestionContact")
            }
        }
        return Suggestion(id: try row.decode(column: "id", as: UUID.self), text: try cipher.open(try row.decode(column: "body", as: Data.self)),
                          category: try row.decodeEnum(column: "category"), storeId: try row.decode(column: "store_id", as: UUID?.self), contact: contact,
                          status: try row.decodeEnum(column: "status"), department: try row.decodeEnumIfPresent(column: "department"),
                          publicReply: try row.decode(column: "public_reply", as: String?.self), replySent: try row.decode(column: "reply_sent", as: Bool.self),
                          createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
