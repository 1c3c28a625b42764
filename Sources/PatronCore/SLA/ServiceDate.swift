import Foundation

/// A local date of a business calendar (a holiday, a make-up working day), written `YYYY-MM-DD`. Kept as a day
/// number so that walking a calendar day by day is integer arithmetic, not a time-zone conversion per step.
public struct ServiceDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    public let dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// Years 1970…9999 only: a service calendar has no business outside them.
    public init(year: Int, month: Int, day: Int, field: String = "date") throws(PatronError) {
        guard (1970...9999).contains(year), (1...12).contains(month), (1...ServiceDate.daysIn(month: month, year: year)).contains(day) else {
            throw .invalid(field: field, message: "\(year)-\(month)-\(day) is not a calendar date between 1970 and 9999")
        }
        self.dayNumber = ServiceDate.daysFromCivil(year: year, month: month, day: day)
    }

    public init(iso string: String, field: String = "date") throws(PatronError) {
        let parts = string.split(separator: "-", omittingEmptySubsequences: false)
        guard string.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            throw .invalid(field: field, message: "expected a date as YYYY-MM-DD, got '\(string.prefix(40))'")
        }
        try self.init(year: year, month: month, day: day, field: field)
    }

    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(iso: string, field: decoder.codingPath.map(\.stringValue).joined(separator: "."))
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var components: (year: Int, month: Int, day: Int) { ServiceDate.civil(fromDays: dayNumber) }

    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var isoWeekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    public func adding(days: Int) -> ServiceDate { ServiceDate(dayNumber: dayNumber + days) }

    public var description: String {
        let (y, m, d) = components
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public static func < (lhs: ServiceDate, rhs: ServiceDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
