import Foundation

/// A mobile number in E.164 form (`+8613812345678`). Normalising on entry makes "138 1234 5678",
/// "+86 138-1234-5678" and "8613812345678" the same identifier for identity resolution.
public struct MobileNumber: Hashable, Sendable, CustomStringConvertible {
    public let e164: String

    /// Separators people type between digits; any other character makes the number invalid rather than being
    /// silently dropped, so "150abc23132189" is refused instead of becoming a real person's number.
    static let separators: Set<Character> = [" ", "-", ".", "(", ")", "\u{3000}"]

    public init(_ raw: String) throws(PatronError) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let body = trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
        guard raw.count <= 32, body.allSatisfy({ ($0.isASCII && $0.isNumber) || Self.separators.contains($0) }) else {
            throw .invalid(field: "mobile", message: "a mobile number holds digits, spaces and dashes only, with an optional leading +")
        }
        var digits = raw.filter { $0.isASCII && $0.isNumber }
        let hadPlus = raw.trimmingCharacters(in: .whitespaces).hasPrefix("+")
        if !hadPlus, digits.count == 11, digits.hasPrefix("1") {
            digits = "86" + digits
        } else if !hadPlus, digits.hasPrefix("00") {
            digits.removeFirst(2)
        } else if !hadPlus, !digits.hasPrefix("86") {
            throw .invalid(field: "mobile", message: "'\(raw)' is neither an 11-digit mainland mobile nor an international number starting with + or 00")
        }
        if digits.hasPrefix("86") {
            let national = digits.dropFirst(2)
            guard national.count == 11, national.first == "1",
                  let second = national.dropFirst().first, "3456789".contains(second) else {
                throw .invalid(field: "mobile", message: "a mainland China mobile number has 11 digits starting 13–19")
            }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else {
            throw .invalid(field: "mobile", message: "'\(raw)' is not a mobile number")
        }
        e164 = "+" + digits
    }

    /// The last four digits, which shop staff use to find a member at the till.
    public var lastFour: String { String(e164.suffix(4)) }

    public var description: String { e164 }
}
