import Foundation
import PatronCore
import SQLKit

public struct SQLSettingsRepository: SettingsRepository {
    let database: Database
    static let attributeSchemaKey = "customer.attributes"

    public init(_ database: Database) { self.database = database }

    public func customerAttributeSchema() async throws -> CustomerAttributeSchema {
        let stored = try await database.read { sql in
            try await sql.select().column("value").from("settings").where("key", .equal, Self.attributeSchemaKey).first()?
                .decode(column: "value", as: String.self)
        }
        guard let stored else { return .defaults }
        return try JSONDecoder().decode(CustomerAttributeSchema.self, from: Data(stored.utf8))
    }

    public func save(_ schema: CustomerAttributeSchema, audit: AuditEvent) async throws {
        let value = String(decoding: try JSONEncoder.sorted.encode(schema), as: UTF8.self)
        try await database.transaction { sql in
            try await Self.put(Self.attributeSchemaKey, value: value, dialect: self.database.dialect, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    /// Stores one setting, replacing its value when it exists.
    static func put(_ key: String, value: String, dialect: SQLDialect, on sql: any SQLDatabase) async throws {
        try await dialect.upsert(into: "settings", key: ["key"], columns: ["key", "value", "updated_at"],
                                 values: [SQLBind(key), SQLBind(value), SQLBind(Date())], replacing: ["value", "updated_at"], on: sql)
    }
}
