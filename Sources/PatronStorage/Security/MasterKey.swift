@preconcurrency import Crypto
import Foundation
import PatronCore

/// The root secret that protects personal data at rest. It comes from `PATRON_MASTER_KEY` (base64 of 32
/// bytes; use it when several instances share a database) or from a key file that is created with mode 0600
/// on first start. Losing it makes encrypted fields unreadable, so back it up apart from the database.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    public init(base64: String) throws(PatronError) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw .invalid(field: "PATRON_MASTER_KEY", message: "the master key must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)")
        }
        key = SymmetricKey(data: data)
    }

    public static func random() -> MasterKey {
        MasterKey(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) { self.key = key }

    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// A short public name of the key (16 hex digits of a one-way derivation), stored in the database so a
    /// start with the wrong key can say which key it needs without the key ever being written down.
    public var fingerprint: String { Array(derive("patron/key-fingerprint/v1").withUnsafeBytes { Data($0) }.prefix(8)).hexString }

    /// Like `load(environment:keyFile:)`, but never creates a key file for a database that already holds data
    /// sealed under a master key: a fresh key there would make every personal field unreadable.
    public static func load(environment: String?, keyFile: String, guarding database: Database) async throws -> MasterKey {
        if let environment, !environment.isEmpty { return try MasterKey(base64: environment) }
        if !FileManager.default.fileExists(atPath: keyFile), case .sealed(let expected) = try await MasterKeyCheck.state(of: database) {
            throw PatronError.keyMismatch(expected: expected ?? "unrecorded", message: MasterKeyCheck.missingKeyMessage(keyFile: keyFile, expected: expected))
        }
        return try load(environment: environment, keyFile: keyFile)
    }

    /// Reads the environment value if given, else the key file, creating it when absent.
    public static func load(environment: String?, keyFile: String) throws -> MasterKey {
        if let environment, !environment.isEmpty { return try MasterKey(base64: environment) }
        let manager = FileManager.default
        if manager.fileExists(atPath: keyFile) {
            let text = try String(contentsOfFile: keyFile, encoding: .utf8)
            return try MasterKey(base64: text)
        }
        let fresh = MasterKey.random()
        guard manager.createFile(atPath: keyFile, contents: Data((fresh.base64 + "\n").utf8),
                                 attributes: [.posixPermissions: 0o600]) else {
            throw PatronError.storageUnavailable(message: "cannot create the key file \(keyFile)")
        }
        return fresh
    }

    func derive(_ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
    }
}
