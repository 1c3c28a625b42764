/// A birthday as greetings see it: a month and day that recur, in the calendar the customer keeps. The year of
/// birth does not move the greeting, but it is kept because only with it can a lunar date be checked against the
/// month lengths and leap month of that year.
public struct CustomerBirthday: Sendable, Hashable {
    public enum MonthDay: Sendable, Hashable {
        case gregorian(month: Int, day: Int)
        /// `isLeapMonth` exists because a customer born in 闰六月 celebrates in 闰六月 in the years that repeat the
        /// sixth month, so the flag changes the greeting day; `Customer` cannot record it yet.
        case lunar(month: Int, day: Int, isLeapMonth: Bool)
    }

    public let monthDay: MonthDay
    public let birthYear: Int?

    /// Refuses dates that never recur (13/1, 2/30, a lunar 31st) and, when the birth year is known, dates that did
    /// not exist in it (29 February of a common year, a leap month the lunar year did not repeat, the 30th of a
    /// 29-day lunar month). Lunar birth years before 1900 or after 2100 cannot be checked and are taken as given.
    public init(_ monthDay: MonthDay, birthYear: Int? = nil) throws(PatronError) {
        switch monthDay {
        case .gregorian(let month, let day):
            guard (1...12).contains(month) else { throw .invalid(field: "birthday", message: "a birthday month is 1 to 12") }
            // 2000 is a leap year, so 29 February passes here and is checked against the birth year below.
            guard (1...ServiceDate.daysIn(month: month, year: birthYear ?? 2000)).contains(day) else {
                throw .invalid(field: "birthday", message: "\(month)/\(day) is not a day of the Gregorian calendar\(Self.inYear(birthYear))")
            }
        case .lunar(let month, let day, let isLeapMonth):
            guard (1...12).contains(month) else { throw .invalid(field: "birthday", message: "a lunar birthday month is 1 to 12") }
            guard (1...30).contains(day) else { throw .invalid(field: "birthday", message: "a lunar birthday day is 1 to 30") }
            if let birthYear, ChineseLunarCalendar.supportedYears.contains(birthYear) {
                if isLeapMonth, ChineseLunarCalendar.leapMonth(inLunarYear: birthYear) != month {
                    throw .invalid(field: "birthdayIsLeapMonth", message: "lunar year \(birthYear) has no leap month \(month)")
                }
                let lunar = LunarDate(year: birthYear, month: month, day: day, isLeapMonth: isLeapMonth)
                guard ChineseLunarCalendar.gregorianDate(of: lunar) != nil else {
                    throw .invalid(field: "birthday", message: "lunar month \(month) of \(birthYear) has only 29 days")
                }
            }
        }
        self.monthDay = monthDay
        self.birthYear = birthYear
    }

    /// The way `Customer` stores a birthday: for a lunar one the `CalendarDay` holds the lunar year, month and day.
    public init(_ day: CalendarDay, isLunar: Bool, isLeapMonth: Bool = false) throws(PatronError) {
        guard isLunar || !isLeapMonth else {
            throw .invalid(field: "birthdayIsLeapMonth", message: "only a lunar birthday can fall in a leap month")
        }
        let monthDay: MonthDay = isLunar
            ? .lunar(month: day.month, day: day.day, isLeapMonth: isLeapMonth)
            : .gregorian(month: day.month, day: day.day)
        try self.init(monthDay, birthYear: day.year)
    }

    /// Nil for a customer who gave no birthday, so callers need not unwrap twice.
    public init?(of customer: Customer, isLeapMonth: Bool = false) throws(PatronError) {
        guard let day = customer.birthday else { return nil }
        try self.init(day, isLunar: customer.birthdayIsLunar, isLeapMonth: isLeapMonth)
    }

    /// The day of Gregorian year `year` to greet on. A lunar birthday in the eleventh or twelfth month can fall
    /// twice in one Gregorian year (lunar 12/1: 2024-01-11 and 2024-12-31) and not at all in the next; this
    /// answers the birthday of lunar year `year` when it lands in `year`, else that of lunar year `year - 1`, and
    /// nil when neither does. Schedules use `occurrences(inYear:)`, which misses neither.
    public func occurrence(inYear year: Int) -> CalendarDay? {
        switch monthDay {
        case .gregorian:
            occurrences(inYear: year).first
        case .lunar:
            ChineseLunarCalendar.supportedYears.contains(year)
                ? lunarOccurrence(inLunarYear: year, gregorianYear: year) ?? lunarOccurrence(inLunarYear: year - 1, gregorianYear: year)
                : nil
        }
    }

    /// Every day of Gregorian year `year` the birthday falls on, earliest first: one for a Gregorian birthday (29
    /// February falls on the 28th in a common year), zero to two for a lunar one, none outside 1900…2100 for a
    /// lunar one. A lunar year starts between 21 January and 20 February, so only the lunar years `year - 1` and
    /// `year` reach into Gregorian `year`.
    public func occurrences(inYear year: Int) -> [CalendarDay] {
        switch monthDay {
        case .gregorian(let month, let day):
            guard let date = try? CalendarDay(year: year, month: month, day: min(day, ServiceDate.daysIn(month: month, year: year))) else {
                return []
            }
            return [date]
        case .lunar:
            guard ChineseLunarCalendar.supportedYears.contains(year) else { return [] }
            return [year - 1, year].compactMap { lunarOccurrence(inLunarYear: $0, gregorianYear: year) }
        }
    }

    private func lunarOccurrence(inLunarYear lunarYear: Int, gregorianYear: Int) -> CalendarDay? {
        guard case .lunar(let month, let day, let isLeapMonth) = monthDay,
              let date = ChineseLunarCalendar.birthday(
                  LunarDate(year: birthYear ?? lunarYear, month: month, day: day, isLeapMonth: isLeapMonth), inLunarYear: lunarYear),
              date.year == gregorianYear else { return nil }
        return try? CalendarDay(year: date.year, month: date.month, day: date.day)
    }

    private static func inYear(_ year: Int?) -> String {
        year.map { " in \($0)" } ?? ""
    }
}
