import Foundation
import OpenAPIRuntime

/// Reads every RFC 3339 form clients really send — with or without fractional seconds (what JavaScript's
/// `toISOString()` and Java's `Instant` produce), `Z` or a numeric offset — and writes UTC to the second, as responses always have.
/// A failure names the offending text with a fixed prefix so that the error middleware can find the field.
struct RFC3339DateTranscoder: DateTranscoder {
    static let failurePrefix = "not an RFC 3339 date-time: "

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()
    private static let gregorian = Calendar(identifier: .gregorian)

    func encode(_ date: Date) throws -> String {
        Self.withoutFraction.format(date)
    }

    func decode(_ text: String) throws -> Date {
        if text.count <= 40, text.count >= 20, Self.namesARealInstant(text) {
            if let date = try? Self.withFraction.parse(text) { return date }
            if let date = try? Self.withoutFraction.parse(text) { return date }
        }
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: Self.failurePrefix + String(text.prefix(64))))
    }

    /// The parser rolls 30 February over into March and hour 25 into the next day; a date that does not exist
    /// is an input error, not a time.
    static func namesARealInstant(_ text: String) -> Bool {
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= digits.count else { return nil }
            return Int(String(decoding: digits[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return false }
        return DateComponents(year: year, month: month, day: day).isValidDate(in: gregorian)
    }
}
