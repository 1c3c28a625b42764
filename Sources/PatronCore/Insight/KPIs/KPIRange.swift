import Foundation

/// How a KPI series is bucketed: local calendar days, ISO weeks (Monday first) or calendar months.
public enum KPIPeriod: String, Sendable, CaseIterable, Codable {
    case day, week, month
}

/// The local days a KPI question covers, both ends included, in the chain's time zone. Bounded so that one
/// request cannot make the server fold a decade of days.
public struct KPIRange: Sendable, Equatable {
    /// The longest range one question may cover (two years and a day, so a leap year's two full years fit).
    public static let maxDays = 731

    public let first: ServiceDate
    public let last: ServiceDate

    public init(from: String, to: String) throws(PatronError) {
        try self.init(first: ServiceDate(iso: from, field: "from"), last: ServiceDate(iso: to, field: "to"))
    }

    public init(first: ServiceDate, last: ServiceDate) throws(PatronError) {
        guard first <= last else { throw .invalid(field: "to", message: "to must not be before from") }
        guard last.dayNumber - first.dayNumber < Self.maxDays else {
            throw .invalid(field: "to", message: "a range covers at most \(Self.maxDays) days")
        }
        self.first = first
        self.last = last
    }

    public var days: Int { last.dayNumber - first.dayNumber + 1 }

    /// The periods of `period` overlapping the range, each clipped to it, in order.
    public func spans(_ period: KPIPeriod) -> [KPISpan] {
        var spans: [KPISpan] = []
        var day = first
        while day <= last {
            let start = Self.periodStart(of: day, period)
            let next = Self.periodStart(of: period == .month ? start.adding(days: 31) : start.adding(days: period == .week ? 7 : 1), period)
            let end = min(next.adding(days: -1), last)
            spans.append(KPISpan(key: Self.key(of: start, period), first: day, last: end))
            day = end.adding(days: 1)
        }
        return spans
    }

    /// The first day of the period holding `day`.
    static func periodStart(of day: ServiceDate, _ period: KPIPeriod) -> ServiceDate {
        switch period {
        case .day: return day
        case .week: return day.adding(days: 1 - day.isoWeekday)
        case .month: return day.adding(days: 1 - day.components.day)
        }
    }

    /// `2026-03-02` for a day or the Monday of a week, `2026-03` for a month.
    static func key(of start: ServiceDate, _ period: KPIPeriod) -> String {
        period == .month ? String(start.description.prefix(7)) : start.description
    }
}

/// One period of a series, clipped to the range asked for.
public struct KPISpan: Sendable, Equatable {
    public let key: String
    public let first: ServiceDate
    public let last: ServiceDate
}

extension ServiceDate {
    /// The instant local midnight starts this day in `zone`.
    public func start(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let (year, month, day) = components
        return calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: Double(dayNumber) * 86_400)
    }

    /// The local day holding `instant` in `zone`.
    public static func day(of instant: Date, in zone: TimeZone) -> ServiceDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return ServiceDate(dayNumber: daysFromCivil(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1))
    }
}
