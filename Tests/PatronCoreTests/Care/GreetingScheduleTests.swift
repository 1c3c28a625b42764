import Foundation
@testable import PatronCore
import Testing

/// Issue 21's acceptance case, a lunar birthday greeting on the right Gregorian day in three years including a
/// leap-month year, plus the year-boundary cases of birthdays and the festival calendar. Every expected lunar
/// date was computed with lunar-python 1.4.8 (`Lunar.fromYmd(year, month, day).getSolar().toYmd()`, a negative
/// month for a leap month), which derives months from new moons and solar terms rather than from a month table.
@Suite struct GreetingScheduleTests {
    func day(_ iso: String) throws -> CalendarDay { try CalendarDay(iso: iso) }

    /// lunar-python: 1987 repeats the sixth month (`LunarYear.fromYear(1987).getLeapMonth() == 6`), and so does 2025.
    let bornInLeapSixth = try! CustomerBirthday(.lunar(month: 6, day: 15, isLeapMonth: true), birthYear: 1987)
    let bornInSixth = try! CustomerBirthday(.lunar(month: 6, day: 15, isLeapMonth: false), birthYear: 1990)

    @Test func aLunarBirthdayFallsOnTheRightGregorianDayInThreeYearsIncludingALeapMonthYear() throws {
        // lunar-python: fromYmd(2025, 6, 15) → 2025-07-09, fromYmd(2025, -6, 15) → 2025-08-08,
        // fromYmd(2026, 6, 15) → 2026-07-28, fromYmd(2027, 6, 15) → 2027-07-18 (2026 and 2027 have no leap month).
        let expected: [(Int, ordinary: String, leap: String)] = [
            (2025, "2025-07-09", "2025-08-08"), (2026, "2026-07-28", "2026-07-28"), (2027, "2027-07-18", "2027-07-18"),
        ]
        let onTheDay = try BirthdayGreetingRule(daysBefore: 0)
        for (year, ordinary, leap) in expected {
            #expect(bornInSixth.occurrence(inYear: year) == (try day(ordinary)))
            #expect(bornInLeapSixth.occurrence(inYear: year) == (try day(leap)))
            #expect(bornInSixth.occurrences(inYear: year) == [try day(ordinary)])
            #expect(onTheDay.isDue(bornInSixth, on: try day(ordinary)))
            #expect(onTheDay.isDue(bornInLeapSixth, on: try day(leap)))
            #expect(onTheDay.nextDue(bornInSixth, onOrAfter: try day("\(year)-01-01")) == (try day(ordinary)))
            #expect(onTheDay.nextDue(bornInLeapSixth, onOrAfter: try day("\(year)-01-01")) == (try day(leap)))
        }
        // In 2025 each customer is greeted on their own sixth month only.
        #expect(!onTheDay.isDue(bornInLeapSixth, on: try day("2025-07-09")))
        #expect(!onTheDay.isDue(bornInSixth, on: try day("2025-08-08")))
        #expect(!onTheDay.isDue(bornInSixth, on: try day("2025-07-08")))
        #expect(!onTheDay.isDue(bornInSixth, on: try day("2025-07-10")))
    }

    @Test func aGreetingDaysBeforeALunarBirthdayFiresThatManyDaysEarly() throws {
        let rule = try BirthdayGreetingRule(daysBefore: 3)
        // Three days before the lunar-python dates of the test above.
        for (birthday, due) in [(bornInSixth, "2025-07-06"), (bornInLeapSixth, "2025-08-05"), (bornInSixth, "2026-07-25"),
                                (bornInLeapSixth, "2026-07-25"), (bornInSixth, "2027-07-15"), (bornInLeapSixth, "2027-07-15")] {
            let dueDay = try day(due)
            #expect(rule.isDue(birthday, on: dueDay))
            #expect(rule.nextDue(birthday, onOrAfter: try day("\(dueDay.year)-01-01")) == dueDay)
        }
        #expect(!rule.isDue(bornInSixth, on: try day("2025-07-09")))
        #expect(rule.nextDue(bornInLeapSixth, onOrAfter: try day("2025-08-06")) == (try day("2026-07-25")))
    }

    @Test func aDisabledRuleIsNeverDue() throws {
        let rule = try BirthdayGreetingRule(enabled: false, daysBefore: 0)
        #expect(!rule.isDue(bornInSixth, on: try day("2025-07-09")))
        #expect(rule.nextDue(bornInSixth, onOrAfter: try day("2025-01-01")) == nil)
    }

    @Test func aTwentyNinthOfFebruaryIsGreetedOnTheTwentyEighthInACommonYear() throws {
        let leapling = try CustomerBirthday(try day("2000-02-29"), isLunar: false)
        #expect(leapling.occurrence(inYear: 2025) == (try day("2025-02-28")))
        #expect(leapling.occurrence(inYear: 2028) == (try day("2028-02-29")))
        let rule = BirthdayGreetingRule.defaults
        #expect(rule.isDue(leapling, on: try day("2025-02-28")))
        #expect(!rule.isDue(leapling, on: try day("2025-03-01")))
        #expect(!rule.isDue(leapling, on: try day("2028-02-28")))
        #expect(rule.nextDue(leapling, onOrAfter: try day("2025-03-01")) == (try day("2026-02-28")))
    }

    @Test func aGreetingDaysBeforeTheSecondOfJanuaryIsDueInThePreviousDecember() throws {
        let birthday = try CustomerBirthday(try day("1990-01-02"), isLunar: false)
        let rule = try BirthdayGreetingRule(daysBefore: 5)
        #expect(rule.isDue(birthday, on: try day("2025-12-28")))
        #expect(!rule.isDue(birthday, on: try day("2026-01-02")))
        #expect(!rule.isDue(birthday, on: try day("2025-12-27")))
        #expect(rule.nextDue(birthday, onOrAfter: try day("2025-06-01")) == (try day("2025-12-28")))
        #expect(rule.nextDue(birthday, onOrAfter: try day("2025-12-29")) == (try day("2026-12-28")))
    }

    /// lunar-python: fromYmd(2023, 12, 1) → 2024-01-11, fromYmd(2024, 12, 1) → 2024-12-31,
    /// fromYmd(2025, 12, 1) → 2026-01-19. Gregorian 2024 holds two of these birthdays and 2025 none.
    @Test func aLateTwelfthMonthBirthdayCanFallTwiceInOneYearAndNotInTheNext() throws {
        let birthday = try CustomerBirthday(.lunar(month: 12, day: 1, isLeapMonth: false), birthYear: 1990)
        #expect(birthday.occurrences(inYear: 2024) == [try day("2024-01-11"), try day("2024-12-31")])
        #expect(birthday.occurrence(inYear: 2024) == (try day("2024-12-31")))
        #expect(birthday.occurrences(inYear: 2025) == [])
        #expect(birthday.occurrence(inYear: 2025) == nil)
        #expect(birthday.occurrence(inYear: 2026) == (try day("2026-01-19")))
        let rule = BirthdayGreetingRule.defaults
        #expect(rule.isDue(birthday, on: try day("2024-01-11")))
        #expect(rule.isDue(birthday, on: try day("2024-12-31")))
        #expect(rule.nextDue(birthday, onOrAfter: try day("2025-01-01")) == (try day("2026-01-19")))
        // Twenty days early, the greeting for 2026-01-19 is due in 2025, the Gregorian year that holds no birthday.
        #expect(try BirthdayGreetingRule(daysBefore: 20).nextDue(birthday, onOrAfter: try day("2024-12-12")) == (try day("2025-12-30")))
    }

    @Test func lunarBirthdaysHaveNoDateOutsideTheTable() throws {
        #expect(bornInSixth.occurrences(inYear: 2101) == [])
        #expect(bornInSixth.occurrence(inYear: 1899) == nil)
        #expect(bornInSixth.occurrence(inYear: .max) == nil)
        #expect(bornInSixth.occurrence(inYear: .min) == nil)
        let gregorian = try CustomerBirthday(.gregorian(month: 7, day: 9))
        #expect(gregorian.occurrence(inYear: 2101) == (try day("2101-07-09")))
        // Born before 1900: only the month and day count, as in `ChineseLunarCalendar.birthday`.
        let old = try CustomerBirthday(.lunar(month: 6, day: 15, isLeapMonth: false), birthYear: 1890)
        #expect(old.occurrence(inYear: 2025) == (try day("2025-07-09")))
    }

    @Test func aCustomerRecordBecomesABirthday() throws {
        var customer = Customer(name: "王芳", mobile: nil, birthday: try day("1990-06-15"), birthdayIsLunar: true, sourceChannel: .store)
        #expect(try CustomerBirthday(of: customer)?.monthDay == .lunar(month: 6, day: 15, isLeapMonth: false))
        #expect(try CustomerBirthday(of: customer)?.birthYear == 1990)
        customer.birthdayIsLunar = false
        #expect(try CustomerBirthday(of: customer)?.monthDay == .gregorian(month: 6, day: 15))
        customer.birthday = nil
        #expect(try CustomerBirthday(of: customer) == nil)
    }

    @Test func impossibleBirthdaysAreRefused() throws {
        let cases: [(CustomerBirthday.MonthDay, Int?, String)] = [
            (.gregorian(month: 2, day: 30), nil, "birthday"),
            (.gregorian(month: 13, day: 1), nil, "birthday"),
            (.gregorian(month: 2, day: 29), 1990, "birthday"),
            (.lunar(month: 0, day: 1, isLeapMonth: false), nil, "birthday"),
            (.lunar(month: 6, day: 31, isLeapMonth: false), nil, "birthday"),
            // lunar-python: 1987 repeats the sixth month, not the fifth; its 闰六月 and 1990's 六月 have 29 days.
            (.lunar(month: 5, day: 1, isLeapMonth: true), 1987, "birthdayIsLeapMonth"),
            (.lunar(month: 6, day: 30, isLeapMonth: true), 1987, "birthday"),
            (.lunar(month: 6, day: 30, isLeapMonth: false), 1990, "birthday"),
        ]
        for (monthDay, birthYear, field) in cases {
            let error = #expect(throws: PatronError.self, "\(monthDay) \(String(describing: birthYear))") {
                try CustomerBirthday(monthDay, birthYear: birthYear)
            }
            #expect(error?.field == field)
        }
        let leapFlag = #expect(throws: PatronError.self) { try CustomerBirthday(try day("1990-06-15"), isLunar: false, isLeapMonth: true) }
        #expect(leapFlag?.field == "birthdayIsLeapMonth")
        // Accepted: 29 February with no year, 30th of 1987's ordinary sixth month (30 days in lunar-python).
        _ = try CustomerBirthday(.gregorian(month: 2, day: 29))
        _ = try CustomerBirthday(.lunar(month: 6, day: 30, isLeapMonth: false), birthYear: 1987)
        _ = try CustomerBirthday(.lunar(month: 6, day: 30, isLeapMonth: true))
    }

    @Test func outOfRangeBirthdayRulesAreRefused() throws {
        for daysBefore in [-1, 31, .min, .max] {
            let error = #expect(throws: PatronError.self) { try BirthdayGreetingRule(daysBefore: daysBefore) }
            #expect(error?.field == "daysBefore")
        }
        #expect(try BirthdayGreetingRule(daysBefore: 30).daysBefore == 30)
        let decoder = JSONDecoder()
        #expect(throws: DecodingError.self) { try decoder.decode(BirthdayGreetingRule.self, from: Data(#"{"daysBefore":31}"#.utf8)) }
        #expect(try decoder.decode(BirthdayGreetingRule.self, from: Data("{}".utf8)) == .defaults)
        let rule = try BirthdayGreetingRule(enabled: false, daysBefore: 7)
        #expect(try decoder.decode(BirthdayGreetingRule.self, from: JSONEncoder().encode(rule)) == rule)
    }

    /// lunar-python: the six festivals of lunar years 2025, 2026 and 2027.
    @Test func festivalsFallOnTheirDaysFrom2025To2027() throws {
        let expected: [ChineseFestival: [String]] = [
            .springFestival: ["2025-01-29", "2026-02-17", "2027-02-06"],
            .lanternFestival: ["2025-02-12", "2026-03-03", "2027-02-20"],
            .dragonBoat: ["2025-05-31", "2026-06-19", "2027-06-09"],
            .qixi: ["2025-08-29", "2026-08-19", "2027-08-08"],
            .midAutumn: ["2025-10-06", "2026-09-25", "2027-09-15"],
            .doubleNinth: ["2025-10-29", "2026-10-18", "2027-10-08"],
        ]
        let rule = try FestivalGreetingRule(solarHolidays: [])
        var expectedByDay: [CalendarDay: [Festival]] = [:]
        for (festival, days) in expected {
            for iso in days { expectedByDay[try day(iso), default: []].append(.chinese(festival)) }
        }
        // Every day of the three years: the festival days and nothing else.
        var found: [CalendarDay: [Festival]] = [:]
        var current = try day("2025-01-01")
        while current.year <= 2027 {
            let festivals = rule.festivals(on: current)
            if !festivals.isEmpty { found[current] = festivals }
            let (year, month, dayOfMonth) = ServiceDate.civil(fromDays: ServiceDate.daysFromCivil(
                year: current.year, month: current.month, day: current.day) + 1)
            current = try CalendarDay(year: year, month: month, day: dayOfMonth)
        }
        #expect(found == expectedByDay)
    }

    @Test func configuredSolarHolidaysAndDisabledFestivals() throws {
        let anniversary = try SolarHoliday(month: 5, day: 20, nameZh: "店庆", nameEn: "Store Anniversary")
        let rule = try FestivalGreetingRule(chineseFestivals: [.midAutumn, .springFestival],
                                            solarHolidays: [.newYearsDay, .nationalDay, anniversary])
        #expect(rule.festivals(on: try day("2026-01-01")) == [.solar(.newYearsDay)])
        #expect(rule.festivals(on: try day("2027-05-20")).map(\.nameEn) == ["Store Anniversary"])
        // lunar-python: fromYmd(2020, 8, 15) → 2020-10-01, Mid-Autumn on National Day.
        #expect(rule.festivals(on: try day("2020-10-01")) == [.chinese(.midAutumn), .solar(.nationalDay)])
        #expect(rule.festivals(on: try day("2020-10-01")).map(\.nameZh) == ["中秋节", "国庆节"])
        // Dragon Boat 2025 is not enabled.
        #expect(rule.festivals(on: try day("2025-05-31")) == [])
        #expect(rule.festivals(on: try day("2101-01-23")) == [])
        let encoded = try JSONEncoder().encode(rule)
        #expect(try JSONDecoder().decode(FestivalGreetingRule.self, from: encoded) == rule)
        #expect(try JSONDecoder().decode(FestivalGreetingRule.self, from: Data("{}".utf8)) == .defaults)
    }

    /// Festivals of months 1–9 never leave the Gregorian year their lunar year starts in, which is why the rule
    /// may look them up from the Gregorian year of the day.
    @Test func everyFestivalFrom1900To2100FallsInItsLunarYearsGregorianYear() {
        var strays: [String] = []
        for year in ChineseLunarCalendar.supportedYears {
            for festival in ChineseFestival.allCases where festival.date(inLunarYear: year)?.year != year {
                strays.append("\(year) \(festival.rawValue)")
            }
        }
        #expect(strays == [])
    }

    @Test func outOfRangeFestivalRulesAreRefused() throws {
        let holidays: [(Int, Int, String, String, String)] = [
            (13, 1, "节", "Day", "solarHoliday.month"),
            (0, 1, "节", "Day", "solarHoliday.month"),
            (4, 31, "节", "Day", "solarHoliday.day"),
            (2, 29, "节", "Day", "solarHoliday.day"),
            (6, 1, " ", "Day", "solarHoliday.nameZh"),
            (6, 1, "节", String(repeating: "x", count: 41), "solarHoliday.nameEn"),
        ]
        for (month, dayOfMonth, nameZh, nameEn, field) in holidays {
            let error = #expect(throws: PatronError.self) {
                try SolarHoliday(month: month, day: dayOfMonth, nameZh: nameZh, nameEn: nameEn)
            }
            #expect(error?.field == field)
        }
        let sameDay = try SolarHoliday(month: 10, day: 1, nameZh: "店庆", nameEn: "Store Anniversary")
        let duplicate = #expect(throws: PatronError.self) { try FestivalGreetingRule(solarHolidays: [.nationalDay, sameDay]) }
        #expect(duplicate?.field == "solarHolidays[1]")
        let many = try (1...21).map { try SolarHoliday(month: 3, day: $0, nameZh: "节", nameEn: "Day \($0)") }
        let tooMany = #expect(throws: PatronError.self) { try FestivalGreetingRule(solarHolidays: many) }
        #expect(tooMany?.field == "solarHolidays")

        let decoder = JSONDecoder()
        #expect(throws: DecodingError.self) {
            try decoder.decode(FestivalGreetingRule.self, from: Data(#"{"chineseFestivals":["halloween"]}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try decoder.decode(FestivalGreetingRule.self, from: Data(#"{"solarHolidays":[{"month":2,"day":30,"nameZh":"节","nameEn":"Day"}]}"#.utf8))
        }
    }
}
