import Foundation
import PatronCore
import SQLKit

/// Writes customers with every personal field sealed by `FieldCipher`; only ciphertext and blind indexes
/// reach the database.
public struct SQLCustomerRepository: Sendable {
    let database: Database
    let cipher: FieldCipher

    public init(_ database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    public func find(_ id: Customer.ID) async throws -> Customer? {
        try await database.read { sql in
            try await sql.select().column("*").from("customers").where("id", .equal, id).first().map(decode)
        }
    }

    public func find(mobile: MobileNumber) async throws -> Customer? {
        let index = cipher.blindIndex(mobile.e164, purpose: "mobile")
        return try await database.read { sql in
            try await sql.select().column("*").from("customers").where("mobile_bidx", .equal, index).first().map(decode)
        }
    }

    func insert(_ customers: [Customer], on sql: any SQLDatabase) async throws {
        for chunk in customers.chunked(into: 200) {
            let rows: [[any SQLExpression]] = try chunk.map { c in
                [SQLBind(c.id), SQLBind(try cipher.seal(c.name)), SQLBind(try c.mobile.map { try cipher.seal($0.e164) }),
                 SQLBind(c.mobile.map { cipher.blindIndex($0.e164, purpose: "mobile") }),
                 SQLBind(c.mobile.map { cipher.blindIndex($0.lastFour, purpose: "mobile-last4") }),
                 SQLBind(c.gender.rawValue), SQLBind(try c.birthday.map { try cipher.seal($0.description) }),
                 SQLBind(c.preferredStoreId), SQLBind(c.sourceChannel.rawValue), SQLBind(c.createdAt), SQLBind(c.createdAt)]
            }
            try await sql.insert(into: "customers")
                .columns("id", "name_enc", "mobile_enc", "mobile_bidx", "mobile_last4_bidx", "gender", "birthday_enc",
                         "preferred_store_id", "source_channel", "created_at", "updated_at")
                .rows(rows)
                .run()
        }
    }

    func decode(_ row: any SQLRow) throws -> Customer {
        let mobile = try row.decode(column: "mobile_enc", as: Data?.self).map { try MobileNumber(cipher.open($0)) }
        let birthday = try row.decode(column: "birthday_enc", as: Data?.self).map { try CalendarDay(iso: cipher.open($0)) }
        return Customer(id: try row.decode(column: "id", as: UUID.self),
                        name: try cipher.open(row.decode(column: "name_enc", as: Data.self)),
                        mobile: mobile,
                        gender: Customer.Gender(rawValue: try row.decode(column: "gender", as: String.self)) ?? .unspecified,
                        birthday: birthday,
                        preferredStoreId: try row.decode(column: "preferred_store_id", as: UUID?.self),
                        sourceChannel: Customer.SourceChannel(rawValue: try row.decode(column: "source_channel", as: String.self)) ?? .import,
                        createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
