@preconcurrency import Crypto
import Foundation
import HummingbirdBcrypt
import PatronCore

/// bcrypt password hashing. bcrypt is slow on purpose, so it runs on a bounded pool of its own, never on an
/// event loop nor on the threads that serve the database. The cost is configurable so tests can run fast;
/// production uses 12.
public struct BcryptPasswordHasher: PasswordHasher {
    public static let defaultCost: UInt8 = 12
    let cost: UInt8
    let pool: PasswordHashingPool

    public init(cost: UInt8 = defaultCost, pool: PasswordHashingPool = .shared) {
        self.cost = cost
        self.pool = pool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await pool.run { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await pool.run { Bcrypt.verify(password, hash: hash) }
    }
}

/// Bearer secrets: 32 random bytes, base64url, behind a short prefix that says what kind of secret it is.
/// They are long and random, so a fast SHA-256 digest is enough to store them.
public struct RandomSecretIssuer: SecretIssuer {
    public init() {}

    public func newSecret(prefix: String) -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return prefix + bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public func digest(_ secret: String) -> String {
        Array(SHA256.hash(data: Data(secret.utf8))).hexString
    }

    /// A readable random password for first-run administrators.
    public static func newPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
