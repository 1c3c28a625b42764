import Foundation

extension BusinessCalendar {
    /// The instant `seconds` of business time after `start`. Time counts only inside opening spans (real elapsed
    /// seconds, so a span on a daylight-saving change is an hour shorter or longer). The walk goes day by day —
    /// work grows with the days crossed, never with the seconds asked — and stops after `maxWalkDays`: if the
    /// time cannot be found by then (a calendar with hardly any hours, a target beyond three years), the answer
    /// is `Date.distantFuture`, which an SLA reads as "never due". Zero or negative seconds give `start`.
    public func addingBusinessTime(_ seconds: Int, to start: Date) -> Date {
        guard seconds > 0 else { return start }
        guard start < .distantFuture else { return .distantFuture }
        let walker = BusinessWalker(self)
        var remaining = TimeInterval(seconds)
        var cursor = start
        var day = walker.localDay(of: start).adding(days: -1)
        for _ in 0...(Self.maxWalkDays + 1) {
            for interval in walker.intervals(on: day) {
                let from = max(interval.start, cursor)
                guard interval.end > from else { continue }
                let available = interval.end.timeIntervalSince(from)
                if remaining <= available { return from.addingTimeInterval(remaining) }
                remaining -= available
                cursor = interval.end
            }
            day = day.adding(days: 1)
        }
        return .distantFuture
    }

    /// Whole business seconds between two instants (rounded to the nearest second), 0 if `to` is not after
    /// `from`. Walks day by day like `addingBusinessTime`; a range longer than `maxWalkDays` counts only its
    /// first `maxWalkDays` days.
    public func businessSeconds(from: Date, to: Date) -> Int {
        guard to > from, from < .distantFuture else { return 0 }
        let walker = BusinessWalker(self)
        var total: TimeInterval = 0
        var cursor = from
        var day = walker.localDay(of: from).adding(days: -1)
        let lastDay = walker.localDay(of: min(to, .distantFuture))
        var steps = 0
        while day <= lastDay, steps <= Self.maxWalkDays + 1 {
            for interval in walker.intervals(on: day) {
                let lower = max(interval.start, cursor)
                let upper = min(interval.end, to)
                guard upper > lower else { continue }
                total += upper.timeIntervalSince(lower)
                cursor = upper
            }
            day = day.adding(days: 1)
            steps += 1
        }
        return Int(total.rounded())
    }
}

/// The calendar prepared for one walk: a Gregorian calendar in its zone, holidays and make-up days by day
/// number, spans per weekday sorted by start.
struct BusinessWalker {
    private let calendar: Calendar
    private let closed: Set<Int>
    private let makeUp: [Int: Int]
    private let weekly: [[OpeningSpan]]

    init(_ business: BusinessCalendar) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: business.timeZone) ?? TimeZone(identifier: "UTC")!
        self.calendar = calendar
        closed = Set(business.holidays.map(\.date.dayNumber))
        makeUp = Dictionary(business.workingDays.map { ($0.date.dayNumber, $0.hoursOf) }, uniquingKeysWith: { first, _ in first })
        var weekly = Array(repeating: [OpeningSpan](), count: 8)
        for day in business.weeklyHours where (1...7).contains(day.weekday) {
            weekly[day.weekday] = day.spans.sorted { $0.startMinute < $1.startMinute }
        }
        self.weekly = weekly
    }

    func spans(on date: ServiceDate) -> [OpeningSpan] {
        if closed.contains(date.dayNumber) { return [] }
        let weekday = makeUp[date.dayNumber] ?? date.isoWeekday
        return (1...7).contains(weekday) ? weekly[weekday] : []
    }

    /// The absolute instants of the spans that start on `date`, in start order.
    func intervals(on date: ServiceDate) -> [DateInterval] {
        spans(on: date).compactMap { span in
            let start = instant(date, minute: span.startMinute)
            let end = span.crossesMidnight ? instant(date.adding(days: 1), minute: span.endMinute) : instant(date, minute: span.endMinute)
            guard let start, let end, end > start else { return nil }
            return DateInterval(start: start, end: end)
        }
    }

    func localDay(of date: Date) -> ServiceDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return ServiceDate(dayNumber: ServiceDate.daysFromCivil(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1))
    }

    /// Local wall time on a date; a time skipped by a daylight-saving change resolves as Foundation resolves it
    /// (moved forward by the gap).
    private func instant(_ date: ServiceDate, minute: Int) -> Date? {
        if minute >= 1440 { return instant(date.adding(days: 1), minute: minute - 1440) }
        let (year, month, day) = date.components
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: minute / 60, minute: minute % 60))
    }
}
