import Crypto
import Foundation

/// Cross-site request forgery protection. A signed-in form carries a token derived from the session secret
/// (which only the browser holding the cookie knows), so the server keeps no extra state; the sign-in form,
/// before any session, uses a random value that must match a cookie (double submit).
enum CSRFToken {
    static let field = "_csrf"
    static let signInCookie = "patron_signin_csrf"

    static func forSession(_ sessionSecret: String) -> String {
        let digest = SHA256.hash(data: Data("patron-console-csrf:\(sessionSecret)".utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    static func random() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// Compares without stopping at the first difference, so timing tells nothing about the token.
    static func matches(_ presented: String?, _ expected: String) -> Bool {
        guard let presented, presented.utf8.count == expected.utf8.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(presented.utf8, expected.utf8) { difference |= a ^ b }
        return difference == 0
    }
}
