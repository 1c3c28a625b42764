import Foundation

/// An e-mail address, trimmed and lower-cased so that one mailbox is one identifier.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(PatronError) {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
              email.allSatisfy({ !$0.isWhitespace && $0 != "," && $0 != ";" && $0 != "<" && $0 != ">" }) else {
            throw .invalid(field: "email", message: "'\(raw.prefix(80))' is not an e-mail address")
        }
        value = email
    }

    public var description: String { value }
}
