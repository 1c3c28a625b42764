@preconcurrency import Crypto
import Foundation
import PatronCore

/// Seals personal fields with AES-256-GCM under the keyring's active data key and computes HMAC-SHA256 blind
/// indexes for exact lookups. The index key is derived from the master key, so indexes survive data-key
/// rotation unchanged.
public struct FieldCipher: Sendable {
    public let keyring: Keyring
    private let indexKey: SymmetricKey

    public init(_ master: MasterKey, keyring: Keyring? = nil) {
        self.keyring = keyring ?? Keyring(master: master)
        indexKey = master.derive("patron/blind-index/v1")
    }

    /// The cipher for a database: its data keys loaded (and the first one created if needed).
    public static func load(_ master: MasterKey, database: Database) async throws -> FieldCipher {
        FieldCipher(master, keyring: try await Keyring.load(master: master, database: database))
    }

    public func seal(_ plaintext: String) throws -> Data { try keyring.seal(plaintext) }

    public func open(_ ciphertext: Data) throws -> String {
        do {
            return try keyring.open(ciphertext)
        } catch let error as PatronError {
            throw error
        } catch {
            throw PatronError.storageUnavailable(message: "a personal-data field could not be decrypted with the configured master key")
        }
    }

    /// A keyed digest of a normalised value; `purpose` keeps indexes of different fields unrelated.
    public func blindIndex(_ value: String, purpose: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose):\(value)".utf8), using: indexKey)
        return Array(mac).hexString
    }

    /// Blind indexes of a name's prefixes (up to 12 characters, case-folded, spaces collapsed), so staff can
    /// find 张伟 by typing 张 without the names being readable.
    public func namePrefixTokens(_ name: String) -> [String] {
        let folded = name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (1...max(1, min(12, folded.count))).map { blindIndex(String(folded.prefix($0)), purpose: "name-prefix") }
    }
}
