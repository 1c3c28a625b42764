@preconcurrency import Crypto
import Foundation
import PatronCore
import SQLKit
import Synchronization

/// The data-encryption keys (DEKs) that seal personal fields. Each DEK is stored in `encryption_keys`
/// wrapped (AES-GCM) by a key derived from the master key, so rotating data keys needs no new master key and
/// every instance sharing the database finds new keys by reloading. Ciphertexts start with the 4-byte id of
/// their DEK. The key derived directly from the master key (used before data keys existed) stays readable.
public final class Keyring: Sendable {
    struct State {
        var keys: [Data: SymmetricKey]
        var active: Data
    }

    private let wrappingKey: SymmetricKey
    private let state: Mutex<State>
    /// The master key's fingerprint, checked against the one the database records.
    public let fingerprint: String

    /// A keyring with only the master-derived key: for tools and tests that run without a database.
    public init(master: MasterKey) {
        wrappingKey = master.derive("patron/key-wrapping/v1")
        fingerprint = master.fingerprint
        let legacy = master.derive("patron/pii-encryption/v1")
        let id = Self.legacyId(legacy)
        state = Mutex(State(keys: [id: legacy], active: id))
    }

    static func legacyId(_ key: SymmetricKey) -> Data {
        Data(SHA256.hash(data: key.withUnsafeBytes { Data($0) }).prefix(4))
    }

    /// Loads the keys from the database, creating the first DEK on a database that has none.
    public static func load(master: MasterKey, database: Database) async throws -> Keyring {
        let keyring = Keyring(master: master)
        try await keyring.prepare(database)
        return keyring
    }

    /// Checks that the master key is the one the database's data was sealed with (throwing `keyMismatch`
    /// before anything is written when it is not), makes sure there is an active data key, then loads every
    /// key. Run after migrations.
    public func prepare(_ database: Database) async throws {
        try await database.transaction { sql in
            try await database.dialect.lock(.keyring, on: sql)
            try await self.verifyMaster(on: sql, record: true)
            let active = try await sql.select().column("id").from("encryption_keys").where("state", .equal, "active").first()
            if active == nil {
                try await self.insertKey(state: "active", on: sql)
            }
        }
        try await reload(from: database)
    }

    /// A database that records a fingerprint must match it. One from before fingerprints is checked by
    /// unwrapping every stored data key and opening one sealed value, then records this key's fingerprint.
    private func verifyMaster(on sql: any SQLDatabase, record: Bool) async throws {
        let recorded = try await MasterKeyCheck.recordedFingerprint(on: sql)
        try await MasterKeyCheck.verify(fingerprint, record: false, on: sql)
        guard recorded == nil else { return }
        let refuse = PatronError.keyMismatch(expected: "unrecorded", message: MasterKeyCheck.mismatchMessage(expected: nil, configured: fingerprint))
        var keys = state.withLock { $0.keys }
        for row in try await sql.select().column("*").from("encryption_keys").all() {
            guard let wrapped = try row.decode(column: "wrapped", as: Data?.self) else { continue }
            let id = try Self.idData(row.decode(column: "id", as: String.self))
            guard let box = try? AES.GCM.SealedBox(combined: wrapped), let key = try? AES.GCM.open(box, using: wrappingKey, authenticating: id) else {
                throw refuse
            }
            keys[id] = SymmetricKey(data: key)
        }
        if let sample = try await sql.select().column("name_enc").from("customers").where("name_enc", .isNot, SQLLiteral.null).limit(1).first()?
            .decode(column: "name_enc", as: Data?.self), !sample.isEmpty {
            guard let key = keys[Self.keyId(of: sample)], let box = try? AES.GCM.SealedBox(combined: sample.dropFirst(4)),
                  (try? AES.GCM.open(box, using: key, authenticating: Self.keyId(of: sample))) != nil || (try? AES.GCM.open(box, using: key)) != nil else {
                throw refuse
            }
        }
        try await MasterKeyCheck.verify(fingerprint, record: record, on: sql)
    }

    /// The same check as `prepare` without writing anything, for `patron doctor`.
    public func check(_ database: Database) async throws {
        try await database.read { sql in try await self.verifyMaster(on: sql, record: false) }
    }

    /// Re-reads the keys, so a key another instance created or activated is used here too.
    public func reload(from database: Database) async throws {
        let rows = try await database.read { sql in
            try await sql.select().column("*").from("encryption_keys").all()
        }
        var keys: [Data: SymmetricKey] = [:]
        var active: Data?
        for row in rows {
            guard let wrapped = try row.decode(column: "wrapped", as: Data?.self) else { continue }
            let id = try Self.idData(row.decode(column: "id", as: String.self))
            let box = try AES.GCM.SealedBox(combined: wrapped)
            keys[id] = SymmetricKey(data: try AES.GCM.open(box, using: wrappingKey, authenticating: id))
            if try row.decode(column: "state", as: String.self) == "active" { active = id }
        }
        state.withLock { state in
            state.keys.merge(keys) { $1 }
            if let active { state.active = active }
        }
    }

    /// Adds a freshly generated DEK in the given state and returns its id.
    @discardableResult
    func insertKey(state keyState: String, on sql: any SQLDatabase) async throws -> Data {
        let key = SymmetricKey(size: .bits256)
        var id = Data(count: 4)
        for index in 0..<4 { id[index] = UInt8.random(in: 0...255) }
        let wrapped = try AES.GCM.seal(key.withUnsafeBytes { Data($0) }, using: wrappingKey, authenticating: id).combined!
        try await sql.insert(into: "encryption_keys").columns("id", "wrapped", "state", "created_at")
            .values(SQLBind(Self.hex(id)), SQLBind(wrapped), SQLBind(keyState), SQLBind(Date()))
            .run()
        return id
    }

    var activeKeyId: Data { state.withLock { $0.active } }

    public func seal(_ plaintext: String) throws -> Data {
        let (id, key) = state.withLock { ($0.active, $0.keys[$0.active]!) }
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: id)
        return id + box.combined!
    }

    public func open(_ ciphertext: Data) throws -> String {
        guard ciphertext.count > 4 else { throw PatronError.storageUnavailable(message: "a personal-data field is damaged") }
        let id = Data(ciphertext.prefix(4))
        guard let key = state.withLock({ $0.keys[id] }) else {
            throw PatronError.storageUnavailable(message: "a personal-data field is sealed with key \(Self.hex(id)), which this instance does not hold")
        }
        let box = try AES.GCM.SealedBox(combined: ciphertext.dropFirst(4))
        do {
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: id), as: UTF8.self)
        } catch {
            // Ciphertexts from before data keys were sealed without the id as associated data.
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        }
    }

    static func keyId(of ciphertext: Data) -> Data { Data(ciphertext.prefix(4)) }

    static func hex(_ id: Data) -> String { id.hexString }

    static func idData(_ hex: String) throws -> Data {
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { throw PatronError.storageUnavailable(message: "bad key id") }
            data.append(byte)
            index = next
        }
        return data
    }
}
