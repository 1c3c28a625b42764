import Foundation

/// When the chain is at work, for counting SLA targets in business time: the service centre's calendar or a
/// store's. Opening hours per ISO weekday (breaks are gaps between spans, a span may cross midnight), public
/// holidays that close a date, and make-up working days (调休) that open a normally closed date with another
/// weekday's hours. The chain loads it as JSON (`BusinessCalendar.decode(json:)`); every field is validated.
public struct BusinessCalendar: Codable, Sendable, Equatable {
    public static let serviceCentreCode = "service_centre"
    public static let maxSpansPerDay = 8
    public static let maxHolidays = 1000
    public static let maxWorkingDays = 500
    /// How far the clock walks looking for business time (three years of days); past that it gives up, see
    /// `addingBusinessTime(_:to:)`.
    public static let maxWalkDays = 3 * 366

    public struct WeekdayHours: Codable, Sendable, Equatable {
        /// ISO weekday: 1 = Monday … 7 = Sunday.
        public var weekday: Int
        public var spans: [OpeningSpan]

        public init(weekday: Int, spans: [OpeningSpan]) {
            self.weekday = weekday
            self.spans = spans
        }
    }

    /// A public holiday: closed all day (a shift that started the evening before still runs to its end).
    public struct Holiday: Codable, Sendable, Equatable {
        public var date: ServiceDate
        public var name: String

        public init(date: ServiceDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// A make-up working day (调休): the date opens with the hours of `hoursOf` (an ISO weekday, Monday unless
    /// stated), replacing its own.
    public struct WorkingDay: Codable, Sendable, Equatable {
        public var date: ServiceDate
        public var hoursOf: Int
        public var name: String

        public init(date: ServiceDate, hoursOf: Int = 1, name: String) {
            self.date = date
            self.hoursOf = hoursOf
            self.name = name
        }

        private enum CodingKeys: String, CodingKey { case date, hoursOf, name }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            date = try container.decode(ServiceDate.self, forKey: .date)
            hoursOf = try container.decodeIfPresent(Int.self, forKey: .hoursOf) ?? 1
            name = try container.decode(String.self, forKey: .name)
        }
    }

    /// `service_centre`, or a store's own (`store_sh001`): lower-case letters, digits, `_` and `-`.
    public var code: String
    public var name: String
    /// The store whose tickets count in this calendar; nil for the service centre.
    public var storeId: Store.ID?
    /// An IANA time zone: the hours are local to it, daylight saving included.
    public var timeZone: String
    public var weeklyHours: [WeekdayHours]
    public var holidays: [Holiday]
    public var workingDays: [WorkingDay]

    public init(code: String, name: String, storeId: Store.ID? = nil, timeZone: String, weeklyHours: [WeekdayHours],
                holidays: [Holiday] = [], workingDays: [WorkingDay] = []) {
        self.code = code
        self.name = name
        self.storeId = storeId
        self.timeZone = timeZone
        self.weeklyHours = weeklyHours
        self.holidays = holidays
        self.workingDays = workingDays
    }

    /// Reads a calendar the chain supplies as JSON and validates it; a malformed document or a broken rule is
    /// `invalid` naming the field.
    public static func decode(json: Data) throws(PatronError) -> BusinessCalendar {
        let calendar: BusinessCalendar
        do {
            calendar = try JSONDecoder().decode(BusinessCalendar.self, from: json)
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalid(field: Self.path(context.codingPath), message: context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalid(field: Self.path(context.codingPath + [key]), message: "\(key.stringValue) is required")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .invalid(field: Self.path(context.codingPath), message: "has the wrong type")
        } catch {
            throw .malformedRequest(message: "the calendar is not a JSON document")
        }
        try calendar.validate()
        return calendar
    }

    public func encodedJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    private static func path(_ keys: [any CodingKey]) -> String? {
        keys.isEmpty ? nil : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }

    /// Checks every rule, naming the first field that breaks one.
    public func validate() throws(PatronError) {
        try Self.validateCode(code)
        try Validate.text(name, field: "name", maxLength: 100)
        guard TimeZone(identifier: timeZone) != nil, timeZone.count <= 64 else {
            throw .invalid(field: "timeZone", message: "'\(timeZone.prefix(64))' is not an IANA time zone")
        }
        var seen = Set<Int>()
        var weekMinutes: [(start: Int, end: Int, field: String)] = []
        for (index, day) in weeklyHours.enumerated() {
            let field = "weeklyHours[\(index)]"
            guard (1...7).contains(day.weekday) else { throw .invalid(field: "\(field).weekday", message: "the weekday must be 1 (Monday) … 7 (Sunday)") }
            guard seen.insert(day.weekday).inserted else { throw .invalid(field: "\(field).weekday", message: "weekday \(day.weekday) is listed twice") }
            guard day.spans.count <= Self.maxSpansPerDay else {
                throw .invalid(field: "\(field).spans", message: "at most \(Self.maxSpansPerDay) spans a day")
            }
            for (spanIndex, span) in day.spans.enumerated() {
                let start = (day.weekday - 1) * 1440 + span.startMinute
                weekMinutes.append((start, start + span.lengthMinutes, "\(field).spans[\(spanIndex)]"))
            }
        }
        // Spans may not overlap, within a day or across midnight (Sunday night runs into Monday).
        let week = 7 * 1440
        for (i, a) in weekMinutes.enumerated() {
            for b in weekMinutes[(i + 1)...] {
                for shift in [-week, 0, week] where a.start < b.end + shift && b.start + shift < a.end {
                    throw .invalid(field: b.field, message: "the span overlaps another one (\(a.field))")
                }
            }
        }
        guard holidays.count <= Self.maxHolidays else { throw .invalid(field: "holidays", message: "at most \(Self.maxHolidays) holidays") }
        guard workingDays.count <= Self.maxWorkingDays else {
            throw .invalid(field: "workingDays", message: "at most \(Self.maxWorkingDays) make-up working days")
        }
        var dates = Set<ServiceDate>()
        for (index, holiday) in holidays.enumerated() {
            try Validate.text(holiday.name, field: "holidays[\(index)].name", maxLength: 100)
            guard dates.insert(holiday.date).inserted else {
                throw .invalid(field: "holidays[\(index)].date", message: "\(holiday.date) is listed twice")
            }
        }
        for (index, day) in workingDays.enumerated() {
            try Validate.text(day.name, field: "workingDays[\(index)].name", maxLength: 100)
            guard (1...7).contains(day.hoursOf) else {
                throw .invalid(field: "workingDays[\(index)].hoursOf", message: "hoursOf must be a weekday 1 (Monday) … 7 (Sunday)")
            }
            guard dates.insert(day.date).inserted else {
                throw .invalid(field: "workingDays[\(index)].date", message: "\(day.date) is already a holiday or a make-up day")
            }
        }
    }

    public static func validateCode(_ code: String, field: String = "code") throws(PatronError) {
        guard (1...64).contains(code.count),
              code.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }) else {
            throw .invalid(field: field, message: "the code must be 1–64 characters of a–z, 0–9, _ and -")
        }
    }

    /// The spans open on `date`: none on a holiday, the stated weekday's on a make-up day, else the weekday's.
    public func spans(on date: ServiceDate) -> [OpeningSpan] {
        BusinessWalker(self).spans(on: date)
    }
}
