import Foundation

/// The last line of defence between secrets and the logs: whatever text is about to be logged passes
/// through here, so an error description that happens to embed a request head, a URL or a connection string
/// cannot leak a bearer token, an API key, a cookie or a password.
public enum LogRedaction {
    public static let mask = "[redacted]"

    /// Header names whose values are secrets.
    static let secretHeaders = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "idempotency-key"]

    /// Parts of a query-parameter or field name that mark its value as a secret.
    static let secretNameParts = ["token", "key", "secret", "password", "passwd", "pwd", "session", "auth", "signature", "sig"]

    public static func redact(_ text: String) -> String {
        guard mayHoldSecret(text) else { return text }
        var result = text
        for header in secretHeaders {
            result = replacing(pattern: "(?i)(\"?\(NSRegularExpression.escapedPattern(for: header))\"?\\s*[:=]\\s*\"?)[^\"\\n,;\\]\\}]*",
                               in: result, with: "$1\(mask)")
        }
        result = replacing(pattern: "(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+", in: result, with: "$1 \(mask)")
        result = replacing(pattern: "\\b(ps|pk|pak)_[A-Za-z0-9_-]{8,}", in: result, with: mask)
        let names = secretNameParts.joined(separator: "|")
        result = replacing(pattern: "(?i)([?&;][A-Za-z0-9_.-]*(?:\(names))[A-Za-z0-9_.-]*=)[^&#\\s\"]*", in: result, with: "$1\(mask)")
        result = replacing(pattern: "(?i)(\\b[a-z][a-z0-9+.-]*://[^:/@\\s]+:)[^@\\s]+@", in: result, with: "$1\(mask)@")
        return result
    }

    /// A cheap test that lets the common log values (methods, routes, numbers) skip the expressions.
    static func mayHoldSecret(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["bearer", "basic", "authorization", "cookie", "api-key", "idempotency", "ps_", "pk_", "pak_", "=", "://"]
            .contains { lower.contains($0) }
    }

    private static func replacing(pattern: String, in text: String, with template: String) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return expression.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
