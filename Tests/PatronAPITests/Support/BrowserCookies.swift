import Foundation

/// What a browser does with cookies and form bodies, shared by the console test clients so that each of them
/// keeps and sends cookies, and encodes forms, exactly the same way.
enum BrowserCookies {
    /// Applies one `Set-Cookie` header to `jar`: an empty value or `Max-Age=0` removes the cookie.
    static func apply(_ header: String, to jar: inout [String: String]) {
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return }
        let name = String(pair[..<equals])
        let value = String(pair[pair.index(after: equals)...])
        let expired = value.isEmpty || parts.contains { $0.lowercased() == "max-age=0" }
        jar[name] = expired ? nil : value
    }

    /// The `Cookie` header for `jar`, sorted so requests are reproducible; nil when the jar is empty.
    static func header(_ jar: [String: String]) -> String? {
        jar.isEmpty ? nil : jar.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
    }

    /// An `application/x-www-form-urlencoded` body.
    static func formBody(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return fields.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
