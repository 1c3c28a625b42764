import Foundation

/// One stretch of opening hours on a day, `"09:00"`–`"12:00"`, in the calendar's local time. Breaks are gaps
/// between spans. A span whose end is not after its start crosses midnight and belongs to the day it starts
/// (`22:00`–`06:00` on a Friday runs into Saturday morning); `"24:00"` is allowed as an end.
public struct OpeningSpan: Hashable, Sendable, Codable {
    /// Minutes after local midnight: start 0…1439, end 0…1440.
    public let startMinute: Int
    public let endMinute: Int

    public init(startMinute: Int, endMinute: Int, field: String = "span") throws(PatronError) {
        guard (0...1439).contains(startMinute) else { throw .invalid(field: field, message: "the start must be 00:00…23:59") }
        guard (0...1440).contains(endMinute) else { throw .invalid(field: field, message: "the end must be 00:00…24:00") }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    public init(_ start: String, _ end: String, field: String = "span") throws(PatronError) {
        try self.init(startMinute: OpeningSpan.minute(of: start, field: "\(field).start", allowing24: false),
                      endMinute: OpeningSpan.minute(of: end, field: "\(field).end", allowing24: true), field: field)
    }

    /// Whether the span runs past midnight into the next day.
    public var crossesMidnight: Bool { endMinute <= startMinute }

    /// Open minutes, 1…1440.
    public var lengthMinutes: Int { crossesMidnight ? 1440 - startMinute + endMinute : endMinute - startMinute }

    public var start: String { OpeningSpan.clock(startMinute) }
    public var end: String { OpeningSpan.clock(endMinute) }

    private enum CodingKeys: String, CodingKey { case start, end }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let field = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        do {
            try self.init(try container.decode(String.self, forKey: .start), try container.decode(String.self, forKey: .end), field: field)
        } catch let error as PatronError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }

    /// `HH:MM`, 24-hour, two digits each.
    static func minute(of text: String, field: String, allowing24: Bool) throws(PatronError) -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard text.count == 5, parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute),
              (0...23).contains(hour) || (allowing24 && hour == 24 && minute == 0) else {
            throw .invalid(field: field, message: "expected a time as HH:MM (00:00–23:59\(allowing24 ? " or 24:00" : "")), got '\(text.prefix(20))'")
        }
        return hour * 60 + minute
    }

    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
}
