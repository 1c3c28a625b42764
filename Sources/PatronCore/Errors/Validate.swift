import Foundation

/// Shared input checks, so every entity reports length and emptiness the same way.
public enum Validate {
    public static func text(_ value: String, field: String, maxLength: Int) throws(PatronError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(field: field, message: "\(field) must not be empty") }
        guard value.count <= maxLength else {
            throw .invalid(field: field, message: "\(field) must be at most \(maxLength) characters")
        }
        guard !value.unicodeScalars.contains("\u{0}") else {
            throw .invalid(field: field, message: "\(field) must not hold a NUL character")
        }
    }
}
