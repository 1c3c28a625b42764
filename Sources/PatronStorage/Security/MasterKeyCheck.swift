import Foundation
import PatronCore
import SQLKit

/// Guards personal data against a wrong or lost master key. The database records the fingerprint of the
/// master key its data keys are wrapped with; a start with another key, or without the key file, is refused
/// with the fingerprint it expected and how to recover, before anything is written.
public enum MasterKeyCheck {
    static let settingKey = "security.master_key_fingerprint"

    public enum State: Equatable, Sendable {
        /// No data keys and no customers: any key may be used, and a new key file may be created.
        case empty
        /// Data is sealed; the fingerprint is nil for a database from before fingerprints were recorded.
        case sealed(fingerprint: String?)
    }

    public static func state(of database: Database) async throws -> State {
        try await database.read { sql in try await state(on: sql, dialect: database.dialect) }
    }

    static func state(on sql: any SQLDatabase, dialect: SQLDialect) async throws -> State {
        guard try await dialect.hasTable("encryption_keys", on: sql) else { return .empty }
        if let recorded = try await recordedFingerprint(on: sql) { return .sealed(fingerprint: recorded) }
        let keys = try await sql.select().column("id").from("encryption_keys").where("wrapped", .isNot, SQLLiteral.null).limit(1).first()
        let customers = try await sql.select().column("id").from("customers").limit(1).first()
        return keys == nil && customers == nil ? .empty : .sealed(fingerprint: nil)
    }

    /// The configured key (from the environment value or the key file, never created here), refused when
    /// data in `state` is sealed under another key or the key is missing.
    public static func configuredKey(for state: State, environment: String?, keyFile: String) throws -> MasterKey? {
        var key: MasterKey?
        if let environment, !environment.isEmpty {
            key = try MasterKey(base64: environment)
        } else if FileManager.default.fileExists(atPath: keyFile) {
            key = try MasterKey(base64: try String(contentsOfFile: keyFile, encoding: .utf8))
        }
        guard case .sealed(let expected) = state else { return key }
        guard let key else {
            throw PatronError.keyMismatch(expected: expected ?? "unrecorded", message: missingKeyMessage(keyFile: keyFile, expected: expected))
        }
        if let expected, expected != key.fingerprint {
            throw PatronError.keyMismatch(expected: expected, message: mismatchMessage(expected: expected, configured: key.fingerprint))
        }
        return key
    }

    static func recordedFingerprint(on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("value").from("settings").where("key", .equal, settingKey).first()?.decode(column: "value", as: String.self)
    }

    /// Refuses `fingerprint` when the database records another one; records it when none is recorded yet
    /// (the caller has checked that it opens the stored data keys).
    static func verify(_ fingerprint: String, record: Bool, on sql: any SQLDatabase) async throws {
        if let recorded = try await recordedFingerprint(on: sql) {
            guard recorded == fingerprint else {
                throw PatronError.keyMismatch(expected: recorded, message: mismatchMessage(expected: recorded, configured: fingerprint))
            }
        } else if record {
            try await sql.insert(into: "settings").columns("key", "value", "updated_at")
                .values(SQLBind(settingKey), SQLBind(fingerprint), SQLBind(Date())).ignoringConflicts(with: "key").run()
        }
    }

    public static let recovery = "restore the key file from your backup (PATRON_KEY_FILE, default beside the database) or set PATRON_MASTER_KEY " +
        "to the key this database was used with; Patron never replaces the key of existing data"

    static func mismatchMessage(expected: String?, configured: String) -> String {
        "the database holds personal data sealed under master key \(expected.map { "fingerprint \($0)" } ?? "of an earlier installation"), " +
            "but the configured key has fingerprint \(configured): \(recovery)"
    }

    static func missingKeyMessage(keyFile: String, expected: String?) -> String {
        "the database holds personal data sealed under master key \(expected.map { "fingerprint \($0)" } ?? "of an earlier installation"), " +
            "but the key file \(keyFile) does not exist and PATRON_MASTER_KEY is not set: \(recovery)"
    }
}
