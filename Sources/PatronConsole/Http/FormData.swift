import Foundation

/// An `application/x-www-form-urlencoded` body (or query string): every field keeps all its values in
/// order, because a return form sends one `qty_<line>` per line and a multi-select sends a name repeatedly.
struct FormData: Sendable {
    private(set) var fields: [(name: String, value: String)] = []

    /// More fields than this is no form of ours; the rest are ignored rather than parsed.
    static let maximumFields = 2_000

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true).prefix(Self.maximumFields) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { continue }
            fields.append((name, parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""))
        }
    }

    static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The first value, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        guard let value = fields.first(where: { $0.name == name })?.value.trimmingCharacters(in: .whitespacesAndNewlines),
              !value.isEmpty else { return nil }
        return value
    }

    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// Fields whose name starts with `prefix`, keyed by the rest of the name.
    func withPrefix(_ prefix: String) -> [(suffix: String, value: String)] {
        fields.filter { $0.name.hasPrefix(prefix) }.map { (String($0.name.dropFirst(prefix.count)), $0.value) }
    }
}
