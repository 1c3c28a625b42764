import Crypto
import Foundation

/// The SHA-256 an idempotency key is bound to. Method, path (with query) and body are each length-prefixed,
/// so no two different requests share an encoding.
public enum RequestDigest {
    public static func of(method: String, path: String, body: Data) -> String {
        var hasher = SHA256()
        for part in [Data(method.utf8), Data(path.utf8), body] {
            withUnsafeBytes(of: UInt64(part.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: part)
        }
        return Array(hasher.finalize()).hexString
    }
}
