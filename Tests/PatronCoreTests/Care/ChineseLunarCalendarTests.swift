import Foundation
@testable import PatronCore
import Testing

/// `ChineseLunarCalendar` against an independent reference: festival dates from lunar-python 1.4.8, which computes
/// new moons and solar terms itself instead of reading a month table (Tests/Fixtures/lunar_festivals.csv, written
/// by scripts/generate_lunar_reference.py). A missing fixture fails the tests rather than skipping them.
@Suite struct ChineseLunarCalendarTests {
    typealias Day = (year: Int, month: Int, day: Int)

    static var fixtureURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/lunar_festivals.csv")
    }

    static func iso(_ day: Day?) -> String {
        guard let day else { return "nil" }
        return String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
    }

    @Test func festivalsMatchTheReferenceForEveryYear() throws {
        let lines = try String(contentsOf: Self.fixtureURL, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "year,spring_festival,dragon_boat,mid_autumn")
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 151)
        #expect(rows.compactMap { Int($0[0]) } == Array(1950...2100))
        var mismatches: [String] = []
        for row in rows {
            guard row.count == 4, let year = Int(row[0]) else {
                mismatches.append("malformed row \(row)")
                continue
            }
            for (festival, expected) in zip([ChineseFestival.springFestival, .dragonBoat, .midAutumn], row.dropFirst()) {
                let computed = Self.iso(festival.date(inLunarYear: year))
                if computed != expected { mismatches.append("\(year) \(festival.rawValue): \(computed), reference \(expected)") }
            }
        }
        #expect(mismatches == [])
    }

    @Test func everyDayFrom1950To2100RoundTrips() {
        let first = ServiceDate.daysFromCivil(year: 1950, month: 1, day: 1)
        let last = ServiceDate.daysFromCivil(year: 2100, month: 12, day: 31)
        #expect(last - first + 1 == 55_152)
        var failures: [String] = []
        var previous: LunarDate?
        for dayNumber in first...last {
            let (year, month, day) = ServiceDate.civil(fromDays: dayNumber)
            guard let lunar = ChineseLunarCalendar.lunarDate(year: year, month: month, day: day) else {
                failures.append("\(year)-\(month)-\(day) has no lunar date")
                continue
            }
            let back = ChineseLunarCalendar.gregorianDate(of: lunar)
            if back?.year != year || back?.month != month || back?.day != day {
                failures.append("\(year)-\(month)-\(day) → \(lunar) → \(Self.iso(back))")
            }
            // Consecutive days are the next day of the same month, or day 1 after a 29th or 30th.
            if let previous {
                let next = lunar.day == previous.day + 1 && lunar.month == previous.month
                    && lunar.isLeapMonth == previous.isLeapMonth && lunar.year == previous.year
                if !next && !(lunar.day == 1 && (29...30).contains(previous.day)) {
                    failures.append("\(previous) is followed by \(lunar)")
                }
            }
            previous = lunar
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(10))")
    }

    /// Expected dates from lunar-python 1.4.8 (`Lunar.fromYmd(year, month, day).getSolar()`, a negative month for
    /// a leap month), the same library as the fixture.
    @Test func lunarBirthdaysFollowTheLeapMonthRule() {
        let leapSixth = LunarDate(year: 1987, month: 6, day: 15, isLeapMonth: true)
        #expect(Self.iso(ChineseLunarCalendar.gregorianDate(of: leapSixth)) == "1987-08-09")
        // 2025 repeats the 6th month, so the birthday is in 闰六月; 2026 has no leap month, 2023 repeats the 2nd.
        #expect(ChineseLunarCalendar.leapMonth(inLunarYear: 2025) == 6)
        #expect(Self.iso(ChineseLunarCalendar.birthday(leapSixth, inLunarYear: 2025)) == "2025-08-08")
        #expect(Self.iso(ChineseLunarCalendar.birthday(leapSixth, inLunarYear: 2026)) == "2026-07-28")
        #expect(Self.iso(ChineseLunarCalendar.birthday(leapSixth, inLunarYear: 2023)) == "2023-08-01")
        // Born in an ordinary 6th month: the ordinary month even in 2025, when the 6th month repeats.
        let ordinarySixth = LunarDate(year: 1987, month: 6, day: 15)
        #expect(Self.iso(ChineseLunarCalendar.birthday(ordinarySixth, inLunarYear: 2025)) == "2025-07-09")

        let leapFourth = LunarDate(year: 2020, month: 4, day: 15, isLeapMonth: true)
        #expect(Self.iso(ChineseLunarCalendar.gregorianDate(of: leapFourth)) == "2020-06-06")
        #expect(Self.iso(ChineseLunarCalendar.birthday(leapFourth, inLunarYear: 2058)) == "2058-06-05")
        #expect(Self.iso(ChineseLunarCalendar.birthday(leapFourth, inLunarYear: 2025)) == "2025-05-12")

        // Born before the table starts: only the month and day matter (8/15 of 2025 is Mid-Autumn).
        let before1900 = LunarDate(year: 1890, month: 8, day: 15)
        #expect(Self.iso(ChineseLunarCalendar.birthday(before1900, inLunarYear: 2025)) == "2025-10-06")
    }

    @Test func aThirtiethFallsOnTheTwentyNinthInAShortMonth() {
        let fourth = LunarDate(year: 2020, month: 4, day: 30)
        #expect(Self.iso(ChineseLunarCalendar.gregorianDate(of: fourth)) == "2020-05-22")
        #expect(ChineseLunarCalendar.daysInMonth(lunarYear: 2023, month: 4, leap: false) == 30)
        #expect(Self.iso(ChineseLunarCalendar.birthday(fourth, inLunarYear: 2023)) == "2023-06-17")
        #expect(ChineseLunarCalendar.daysInMonth(lunarYear: 2025, month: 4, leap: false) == 29)
        #expect(Self.iso(ChineseLunarCalendar.birthday(fourth, inLunarYear: 2025)) == "2025-05-26")

        let sixth = LunarDate(year: 2025, month: 6, day: 30)
        #expect(Self.iso(ChineseLunarCalendar.gregorianDate(of: sixth)) == "2025-07-24")
        #expect(Self.iso(ChineseLunarCalendar.birthday(sixth, inLunarYear: 2026)) == "2026-08-12")
        #expect(Self.iso(ChineseLunarCalendar.birthday(sixth, inLunarYear: 2028)) == "2028-08-19")
        // The 30th itself does not exist in a short month.
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: 2028, month: 6, day: 30)) == nil)
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: 2025, month: 6, day: 30, isLeapMonth: true)) == nil)
    }

    @Test func theTableEndsAreExact() {
        #expect(ChineseLunarCalendar.lunarDate(year: 1900, month: 1, day: 31) == LunarDate(year: 1900, month: 1, day: 1))
        #expect(ChineseLunarCalendar.lunarDate(year: 1900, month: 1, day: 30) == nil)
        #expect(ChineseLunarCalendar.lunarDate(year: 1899, month: 12, day: 31) == nil)
        // lunar-python 1.4.8: 2100/12 has 29 days and its last day is 2101-01-28.
        #expect(ChineseLunarCalendar.lunarDate(year: 2101, month: 1, day: 28) == LunarDate(year: 2100, month: 12, day: 29))
        #expect(ChineseLunarCalendar.lunarDate(year: 2101, month: 1, day: 29) == nil)
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: 2101, month: 1, day: 1)) == nil)
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: 1899, month: 12, day: 1)) == nil)
        #expect(ChineseFestival.springFestival.date(inLunarYear: 2101) == nil)
        #expect(ChineseLunarCalendar.birthday(LunarDate(year: 2000, month: 1, day: 1), inLunarYear: 2101) == nil)
        #expect(ChineseLunarCalendar.leapMonth(inLunarYear: 2101) == nil)
    }

    @Test func impossibleInputsGiveNilInsteadOfTrapping() {
        #expect(ChineseLunarCalendar.lunarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(ChineseLunarCalendar.lunarDate(year: 2024, month: 13, day: 1) == nil)
        #expect(ChineseLunarCalendar.lunarDate(year: 2024, month: 1, day: 0) == nil)
        #expect(ChineseLunarCalendar.lunarDate(year: .max, month: .max, day: .max) == nil)
        #expect(ChineseLunarCalendar.lunarDate(year: .min, month: 1, day: 1) == nil)
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: 2026, month: 6, day: 1, isLeapMonth: true)) == nil)
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: 2025, month: 0, day: 1)) == nil)
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: 2025, month: 1, day: 0)) == nil)
        #expect(ChineseLunarCalendar.gregorianDate(of: LunarDate(year: .max, month: .max, day: .max, isLeapMonth: true)) == nil)
        #expect(ChineseLunarCalendar.daysInMonth(lunarYear: 2025, month: 13, leap: false) == nil)
        #expect(ChineseLunarCalendar.daysInMonth(lunarYear: 2025, month: 5, leap: true) == nil)
        #expect(ChineseLunarCalendar.daysInMonth(lunarYear: .min, month: 1, leap: false) == nil)
        #expect(ChineseLunarCalendar.leapMonth(inLunarYear: 2026) == nil)
        #expect(ChineseLunarCalendar.leapMonth(inLunarYear: .max) == nil)
        #expect(ChineseLunarCalendar.birthday(LunarDate(year: 2000, month: 1, day: 31), inLunarYear: 2025) == nil)
        #expect(ChineseLunarCalendar.birthday(LunarDate(year: 2000, month: 13, day: 1), inLunarYear: 2025) == nil)
        #expect(ChineseLunarCalendar.birthday(LunarDate(year: 2000, month: .min, day: .min), inLunarYear: .min) == nil)
    }

    /// All six festivals in 2025, from lunar-python 1.4.8.
    @Test func everyFestivalIsDerivedFromTheLunarCalendar() {
        let expected: [ChineseFestival: String] = [
            .springFestival: "2025-01-29", .lanternFestival: "2025-02-12", .dragonBoat: "2025-05-31",
            .qixi: "2025-08-29", .midAutumn: "2025-10-06", .doubleNinth: "2025-10-29",
        ]
        #expect(ChineseFestival.allCases.count == 6)
        for festival in ChineseFestival.allCases {
            #expect(Self.iso(festival.date(inLunarYear: 2025)) == expected[festival])
            #expect(!festival.nameZh.isEmpty && !festival.nameEn.isEmpty)
        }
        #expect(ChineseFestival.midAutumn.nameZh == "中秋节")
        #expect(ChineseFestival.midAutumn.nameEn == "Mid-Autumn Festival")
        #expect(ChineseFestival(rawValue: "dragon_boat") == .dragonBoat)
    }
}
