/// A day of the Chinese lunisolar calendar. Months are numbered 1…12 with `isLeapMonth` marking the intercalary
/// month that repeats a number, because that is how customers state a lunar birthday ("闰四月十五").
public struct LunarDate: Sendable, Hashable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let isLeapMonth: Bool

    public init(year: Int, month: Int, day: Int, isLeapMonth: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.isLeapMonth = isLeapMonth
    }
}

/// Gregorian ⇄ Chinese lunar conversion for lunar years 1900…2100 (Gregorian 1900-01-31 to 2101-01-28), written
/// out rather than taken from `Calendar(identifier: .chinese)`, which is not reliable on Linux, so that birthday
/// and festival campaigns fire on the same day on every server.
/// Every function answers nil outside that range or for a date that does not exist, never traps.
public enum ChineseLunarCalendar {
    public static let supportedYears = 1900...2100

    /// The compact per-year table found, with small corrections, in most open-source Chinese calendars (C, Java and
    /// JavaScript ones since the 1990s). It is not arithmetic: it records where astronomical computations of new moons
    /// and solar terms put each month under the Purple Mountain Observatory rules (GB/T 33661-2017: a month starts on
    /// the day of the new moon in UTC+8; in a year of 13 months the first one without a major solar term is the leap
    /// one). Per year: bits 0–3 the leap month (0 for none), bits 15…4 whether months 1…12 have 30 days rather than
    /// 29, bit 16 whether the leap month has 30. This copy carries the usual 1933, 1996 and 2060 fixes; it matches
    /// lunar-python's own computation day for day over 1900–2100, and the Hong Kong Observatory tables except in 2089
    /// and 2097, whose new moons (like that of 2057-09-28) fall so close to midnight that sources differ by a day.
    static let yearInfo: [Int] = [
        0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2, // 1900–1909
        0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977, // 1910–1919
        0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970, // 1920–1929
        0x06566, 0x0d4a0, 0x0ea50, 0x16a95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950, // 1930–1939
        0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557, // 1940–1949
        0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0, // 1950–1959
        0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0, // 1960–1969
        0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6, // 1970–1979
        0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570, // 1980–1989
        0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x05ac0, 0x0ab60, 0x096d5, 0x092e0, // 1990–1999
        0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000–2009
        0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010–2019
        0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020–2029
        0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030–2039
        0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040–2049
        0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, // 2050–2059
        0x092e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060–2069
        0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070–2079
        0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080–2089
        0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, // 2090–2099
        0x0d520, // 2100
    ]

    /// Day numbers (days since 1970-01-01) of each lunar new year 1900…2101, so that a conversion is a short search
    /// and at most 13 month steps instead of a walk from 1900.
    static let newYears: [Int] = {
        var start = ServiceDate.daysFromCivil(year: 1900, month: 1, day: 31)
        var starts = [start]
        for year in supportedYears {
            start += months(ofLunarYear: year).reduce(0) { $0 + $1.days }
            starts.append(start)
        }
        return starts
    }()

    /// The months of a supported lunar year in calendar order, the leap month right after the month it repeats.
    static func months(ofLunarYear year: Int) -> [(month: Int, isLeap: Bool, days: Int)] {
        let info = yearInfo[year - supportedYears.lowerBound]
        let leap = info & 0xF
        var months: [(month: Int, isLeap: Bool, days: Int)] = []
        months.reserveCapacity(13)
        for month in 1...12 {
            months.append((month, false, info & (0x10000 >> month) != 0 ? 30 : 29))
            if month == leap { months.append((month, true, info & 0x10000 != 0 ? 30 : 29)) }
        }
        return months
    }

    public static func lunarDate(year: Int, month: Int, day: Int) -> LunarDate? {
        guard (supportedYears.lowerBound...supportedYears.upperBound + 1).contains(year), (1...12).contains(month),
              (1...ServiceDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        let dayNumber = ServiceDate.daysFromCivil(year: year, month: month, day: day)
        guard let first = newYears.first, let end = newYears.last, (first..<end).contains(dayNumber) else { return nil }
        // A lunar year starts between 21 January and 20 February, so it is the Gregorian year or the one before.
        let lunarYear = dayNumber >= newYears[year - supportedYears.lowerBound] ? year : year - 1
        var offset = dayNumber - newYears[lunarYear - supportedYears.lowerBound]
        for month in months(ofLunarYear: lunarYear) {
            if offset < month.days {
                return LunarDate(year: lunarYear, month: month.month, day: offset + 1, isLeapMonth: month.isLeap)
            }
            offset -= month.days
        }
        return nil
    }

    public static func gregorianDate(of lunar: LunarDate) -> (year: Int, month: Int, day: Int)? {
        guard let length = daysInMonth(lunarYear: lunar.year, month: lunar.month, leap: lunar.isLeapMonth),
              (1...length).contains(lunar.day) else { return nil }
        var dayNumber = newYears[lunar.year - supportedYears.lowerBound] + lunar.day - 1
        for month in months(ofLunarYear: lunar.year) {
            if month.month == lunar.month, month.isLeap == lunar.isLeapMonth { break }
            dayNumber += month.days
        }
        let (year, month, day) = ServiceDate.civil(fromDays: dayNumber)
        return (year, month, day)
    }

    /// Nil both for a year without a leap month and for one outside the table: either way no month repeats.
    public static func leapMonth(inLunarYear year: Int) -> Int? {
        guard supportedYears.contains(year) else { return nil }
        let leap = yearInfo[year - supportedYears.lowerBound] & 0xF
        return leap == 0 ? nil : leap
    }

    /// 29 or 30; nil when asked for a leap month the year does not have.
    public static func daysInMonth(lunarYear year: Int, month: Int, leap: Bool) -> Int? {
        guard supportedYears.contains(year), (1...12).contains(month) else { return nil }
        let info = yearInfo[year - supportedYears.lowerBound]
        if leap {
            return info & 0xF == month ? (info & 0x10000 != 0 ? 30 : 29) : nil
        }
        return info & (0x10000 >> month) != 0 ? 30 : 29
    }

    /// The day a lunar birthday is kept in a given lunar year, by the customary rules, so that greetings never
    /// skip a year: someone born in a leap month celebrates in that leap month only when the year repeats the same
    /// month, otherwise in the ordinary month of that number; a 30th falls on the 29th when the month is short.
    /// The birth year itself is not consulted, so birthdays recorded before 1900 still have a date.
    public static func birthday(_ born: LunarDate, inLunarYear year: Int) -> (year: Int, month: Int, day: Int)? {
        guard (1...30).contains(born.day) else { return nil }
        let leap = born.isLeapMonth && leapMonth(inLunarYear: year) == born.month
        guard let length = daysInMonth(lunarYear: year, month: born.month, leap: leap) else { return nil }
        return gregorianDate(of: LunarDate(year: year, month: born.month, day: min(born.day, length), isLeapMonth: leap))
    }
}

/// The traditional festivals a retail calendar plans around. Their Gregorian dates move by up to a month from
/// year to year, so they are always derived from the lunar calendar, never listed per year.
public enum ChineseFestival: String, CaseIterable, Sendable {
    case springFestival = "spring_festival"
    case lanternFestival = "lantern_festival"
    case dragonBoat = "dragon_boat"
    case qixi
    case midAutumn = "mid_autumn"
    case doubleNinth = "double_ninth"

    public var lunarMonthDay: (month: Int, day: Int) {
        switch self {
        case .springFestival: (1, 1)
        case .lanternFestival: (1, 15)
        case .dragonBoat: (5, 5)
        case .qixi: (7, 7)
        case .midAutumn: (8, 15)
        case .doubleNinth: (9, 9)
        }
    }

    public var nameZh: String {
        switch self {
        case .springFestival: "春节"
        case .lanternFestival: "元宵节"
        case .dragonBoat: "端午节"
        case .qixi: "七夕"
        case .midAutumn: "中秋节"
        case .doubleNinth: "重阳节"
        }
    }

    public var nameEn: String {
        switch self {
        case .springFestival: "Spring Festival"
        case .lanternFestival: "Lantern Festival"
        case .dragonBoat: "Dragon Boat Festival"
        case .qixi: "Qixi Festival"
        case .midAutumn: "Mid-Autumn Festival"
        case .doubleNinth: "Double Ninth Festival"
        }
    }

    public func date(inLunarYear year: Int) -> (year: Int, month: Int, day: Int)? {
        let (month, day) = lunarMonthDay
        return ChineseLunarCalendar.gregorianDate(of: LunarDate(year: year, month: month, day: day))
    }
}
