@preconcurrency import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Password and token hashing. bcrypt is slow on purpose, so it runs on the thread pool, never on an
/// event loop; bearer tokens are random and long, so a fast SHA-256 digest is enough to store them.
public enum Credentials {
    public static let bcryptCost: UInt8 = 12

    public static func hashPassword(_ password: String, cost: UInt8 = bcryptCost) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A fresh opaque token: 32 random bytes, base64url without padding.
    public static func newToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func digest(token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A readable random password for first-run administrators.
    public static func newPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
