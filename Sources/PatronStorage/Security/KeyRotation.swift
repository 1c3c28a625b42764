import Foundation
import Logging
import PatronCore
import SQLKit

/// Replaces the data key under which personal fields are sealed, re-encrypting every value, while the
/// server keeps serving. A new key is first published (so every instance can read it), then made active,
/// then each table is re-encrypted in small transactions; finally the old keys are destroyed, so nothing
/// sealed under them can be read again.
public struct KeyRotation: Sendable {
    /// Encrypted columns per table. Modules that add encrypted columns register them here.
    static let encryptedColumns: [(table: String, columns: [String])] = [
        ("customers", ["name_enc", "mobile_enc", "email_enc", "birthday_enc", "address_enc", "wechat_unionid_enc",
                       "wechat_openid_enc", "notes_enc"]),
    ]

    let database: Database
    let keyring: Keyring
    /// How long other instances get to pick up a key change (their refresh interval plus margin).
    let settle: Duration
    let batchSize: Int

    public init(database: Database, keyring: Keyring, settle: Duration = .seconds(35), batchSize: Int = 500) {
        self.database = database
        self.keyring = keyring
        self.settle = settle
        self.batchSize = batchSize
    }

    public struct Report: Sendable, Equatable {
        public var newKeyId: String
        public var valuesResealed: Int
        public var destroyedKeys: [String]
    }

    public func rotate(progress: @Sendable (_ step: String) -> Void = { _ in }) async throws -> Report {
        let newKey = try await database.transaction { sql in try await keyring.insertKey(state: "pending", on: sql) }
        try await keyring.reload(from: database)
        progress("published key \(Keyring.hex(newKey)); waiting \(settle) for other instances")
        try await Task.sleep(for: settle)

        try await database.transaction { sql in
            try await sql.update("encryption_keys").set("state", to: "retiring").where("state", .equal, "active").run()
            try await sql.update("encryption_keys").set("state", to: "active").where("id", .equal, Keyring.hex(newKey)).run()
        }
        try await keyring.reload(from: database)
        progress("activated key \(Keyring.hex(newKey)); waiting \(settle) before re-encrypting")
        try await Task.sleep(for: settle)

        var resealed = try await resealAll(to: newKey, progress: progress)
        try await Task.sleep(for: settle)
        resealed += try await resealAll(to: newKey, progress: progress)

        let retired = try await database.transaction { sql in
            let ids = try await sql.select().column("id").from("encryption_keys").where("state", .equal, "retiring").all()
                .map { try $0.decode(column: "id", as: String.self) }
            try await sql.update("encryption_keys").set("state", to: "destroyed").set("wrapped", to: SQLLiteral.null)
                .where("state", .equal, "retiring").run()
            return ids
        }
        progress("destroyed \(retired.count) old key(s)")
        return Report(newKeyId: Keyring.hex(newKey), valuesResealed: resealed, destroyedKeys: retired)
    }

    /// One pass over every encrypted column, re-sealing values not yet under `key`. Each batch is read and
    /// written in one transaction, so a concurrent profile update is never overwritten with stale data.
    func resealAll(to key: Data, progress: @Sendable (String) -> Void) async throws -> Int {
        var total = 0
        for (table, columns) in Self.encryptedColumns {
            var after: UUID?
            while true {
                let start = after
                let (count, last) = try await database.transaction { sql -> (Int, UUID?) in
                    var query = sql.select().column("id").columns(columns.map { SQLIdentifier($0) }).from(table).orderBy("id").limit(batchSize)
                    if let start { query = query.where("id", .greaterThan, start) }
                    let rows = try await query.all()
                    var changed = 0
                    for row in rows {
                        var update = sql.update(table)
                        var dirty = false
                        for column in columns {
                            guard let value = try row.decode(column: column, as: Data?.self), !value.isEmpty,
                                  Keyring.keyId(of: value) != key else { continue }
                            update = update.set(SQLIdentifier(column), to: SQLBind(try keyring.seal(keyring.open(value))))
                            dirty = true
                            changed += 1
                        }
                        if dirty { try await update.where("id", .equal, try row.decode(column: "id", as: UUID.self)).run() }
                    }
                    return (changed, try rows.last.map { try $0.decode(column: "id", as: UUID.self) })
                }
                total += count
                guard let last else { break }
                after = last
            }
            progress("\(table): \(total) value(s) re-sealed")
        }
        return total
    }
}
