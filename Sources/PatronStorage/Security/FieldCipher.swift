@preconcurrency import Crypto
import Foundation
import PatronCore

/// Encrypts personal fields with AES-256-GCM and computes HMAC-SHA256 blind indexes for exact lookups.
/// Each ciphertext starts with a 4-byte key id so that a later key rotation can tell old from new.
public struct FieldCipher: Sendable {
    private let encryptionKey: SymmetricKey
    private let indexKey: SymmetricKey
    let keyId: Data

    public init(_ master: MasterKey) {
        encryptionKey = master.derive("patron/pii-encryption/v1")
        indexKey = master.derive("patron/blind-index/v1")
        keyId = Data(SHA256.hash(data: encryptionKey.withUnsafeBytes { Data($0) }).prefix(4))
    }

    public func seal(_ plaintext: String) throws -> Data {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: encryptionKey)
        guard let combined = box.combined else { throw PatronError.storageUnavailable(message: "encryption failed") }
        return keyId + combined
    }

    public func open(_ ciphertext: Data) throws -> String {
        guard ciphertext.count > 4, ciphertext.prefix(4) == keyId else {
            throw PatronError.storageUnavailable(message: "a personal-data field was encrypted under a different master key")
        }
        let box = try AES.GCM.SealedBox(combined: ciphertext.dropFirst(4))
        let plain = try AES.GCM.open(box, using: encryptionKey)
        return String(decoding: plain, as: UTF8.self)
    }

    /// A keyed digest of a normalised value; `purpose` keeps indexes of different fields unrelated.
    public func blindIndex(_ value: String, purpose: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose):\(value)".utf8), using: indexKey)
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}
