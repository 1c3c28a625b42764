import Foundation
import PatronCore
import Testing

/// Business-time arithmetic of `BusinessCalendar`, every expected time worked out by hand in the comment.
struct SLACalendarTests {
    let centre = SLAFixtures.serviceCentre
    func local(_ text: String) -> Date { SLAFixtures.local(text) }

    @Test func theLunchBreakDoesNotCount() {
        // Mon 2026-11-02 11:00 + 2 h: 11:00–12:00 (1 h), lunch, 13:00–14:00 (1 h) → 14:00.
        #expect(centre.addingBusinessTime(2 * 3600, to: local("2026-11-02 11:00")) == local("2026-11-02 14:00"))
        // Using up exactly the morning ends at 12:00, not after lunch.
        #expect(centre.addingBusinessTime(3600, to: local("2026-11-02 11:00")) == local("2026-11-02 12:00"))
        // Starting in the break counts from 13:00: 12:30 + 30 min → 13:30.
        #expect(centre.addingBusinessTime(1800, to: local("2026-11-02 12:30")) == local("2026-11-02 13:30"))
    }

    @Test func weekendsCountOnlySaturdayHours() {
        // Fri 2026-11-06 17:00 + 4 h: Fri 17–18 (1 h), Sat 10:00–13:00 (3 h) → Sat 13:00.
        #expect(centre.addingBusinessTime(4 * 3600, to: local("2026-11-06 17:00")) == local("2026-11-07 13:00"))
        // + 8 h: Fri 1 h, Sat 10–16 (6 h) = 7 h, Sunday closed, Mon 09:00–10:00 (1 h) → Mon 2026-11-09 10:00.
        #expect(centre.addingBusinessTime(8 * 3600, to: local("2026-11-06 17:00")) == local("2026-11-09 10:00"))
        // Sunday evening + 30 min → Mon 09:30.
        #expect(centre.addingBusinessTime(1800, to: local("2026-11-08 20:00")) == local("2026-11-09 09:30"))
        // Fri 11:30 → Mon 09:30: 0.5 h + 5 h (Fri) + 6 h (Sat) + 0.5 h (Mon) = 12 h = 43,200 s.
        #expect(centre.businessSeconds(from: local("2026-11-06 11:30"), to: local("2026-11-09 09:30")) == 43_200)
    }

    @Test func publicHolidaysAreClosed() {
        // Thu 2026-09-24 17:00 + 3 h: Thu 17–18 (1 h), Fri 25–Sun 27 Mid-Autumn holiday, Mon 28 09:00–11:00 (2 h) → 11:00.
        #expect(centre.addingBusinessTime(3 * 3600, to: local("2026-09-24 17:00")) == local("2026-09-28 11:00"))
        // Wed 2026-09-30 16:00 + 5 h: Wed 16–18 (2 h), 1–7 October closed (the weekend inside too), Thu 8 Oct 09–12 (3 h)
        // → 12:00 sharp.
        #expect(centre.addingBusinessTime(5 * 3600, to: local("2026-09-30 16:00")) == local("2026-10-08 12:00"))
        // 30 Sep 09:00 → 9 Oct 09:00: 8 h on the 30th, nothing 1–7 Oct, 8 h on the 8th = 57,600 s.
        #expect(centre.businessSeconds(from: local("2026-09-30 09:00"), to: local("2026-10-09 09:00")) == 57_600)
    }

    @Test func makeUpWorkingDaysOpenWithMondayHours() {
        // Fri 2026-10-09 17:00 + 2 h: Fri 17–18 (1 h), Sat 10 Oct is a make-up day with Monday's hours: 09:00–10:00 (1 h)
        // → Sat 10:00 (an ordinary Saturday opens at 10:00 and would give 11:00).
        #expect(centre.addingBusinessTime(2 * 3600, to: local("2026-10-09 17:00")) == local("2026-10-10 10:00"))
        // Sat 2026-09-19 15:00 + 2 h: Sat 15–16 (1 h), Sun 20 Sep is a make-up day: 09:00–10:00 (1 h) → Sun 10:00.
        #expect(centre.addingBusinessTime(2 * 3600, to: local("2026-09-19 15:00")) == local("2026-09-20 10:00"))
        // The whole make-up Sunday counts 8 h: Sat 19 Sep 16:00 → Mon 21 Sep 09:00 = 28,800 s.
        #expect(centre.businessSeconds(from: local("2026-09-19 16:00"), to: local("2026-09-21 09:00")) == 28_800)
        #expect(centre.spans(on: SLAFixtures.day("2026-10-10")).map(\.start) == ["09:00", "13:00"])
    }

    @Test func overnightShiftsBelongToTheDayTheyStart() {
        let night = SLAFixtures.nightDesk
        // Fri 2026-11-06 23:00 + 5 h inside the Friday 22:00–06:00 shift → Sat 04:00.
        #expect(night.addingBusinessTime(5 * 3600, to: local("2026-11-06 23:00")) == local("2026-11-07 04:00"))
        // Sat 05:00 (still Friday's shift) + 2 h: 05:00–06:00 (1 h), next shift Fri 13 Nov 22:00 + 1 h → 23:00.
        #expect(night.addingBusinessTime(2 * 3600, to: local("2026-11-07 05:00")) == local("2026-11-13 23:00"))
        // Fri 20:00 → Sat 12:00 holds the whole shift, 8 h = 28,800 s.
        #expect(night.businessSeconds(from: local("2026-11-06 20:00"), to: local("2026-11-07 12:00")) == 28_800)

        // A holiday on the Saturday does not cut Friday's shift; a holiday on the Friday removes it.
        var saturdayOff = night
        saturdayOff.holidays = [.init(date: SLAFixtures.day("2026-11-07"), name: "off")]
        #expect(saturdayOff.addingBusinessTime(2 * 3600, to: local("2026-11-07 05:00")) == local("2026-11-13 23:00"))
        var fridayOff = night
        fridayOff.holidays = [.init(date: SLAFixtures.day("2026-11-06"), name: "off")]
        // Fri 23:00 + 1 h with that Friday closed: next shift Fri 13 Nov 22:00 → 23:00.
        #expect(fridayOff.addingBusinessTime(3600, to: local("2026-11-06 23:00")) == local("2026-11-13 23:00"))
    }

    @Test func daylightSavingChangesLengthenOrShortenASpan() {
        let berlin = SLAFixtures.berlinSundayNights
        // Sun 2026-10-25: clocks go back at 03:00 CEST to 02:00 CET, so 00:00–06:00 local holds 7 real hours.
        // 00:00 CEST = Sat 22:00 UTC; + 6 h = 04:00 UTC = 05:00 CET.
        #expect(berlin.businessSeconds(from: SLAFixtures.utc("2026-10-24T20:00:00Z"), to: SLAFixtures.utc("2026-10-25T12:00:00Z")) == 25_200)
        #expect(berlin.addingBusinessTime(6 * 3600, to: SLAFixtures.utc("2026-10-24T22:00:00Z")) == SLAFixtures.utc("2026-10-25T04:00:00Z"))
        // Sun 2026-03-29: clocks go forward at 02:00 CET to 03:00 CEST, so 00:00–06:00 local holds 5 real hours
        // (23:00 UTC Sat to 04:00 UTC Sun).
        #expect(berlin.businessSeconds(from: SLAFixtures.utc("2026-03-28T20:00:00Z"), to: SLAFixtures.utc("2026-03-29T12:00:00Z")) == 18_000)
        // + 6 h from 23:00 UTC Sat: 5 h that night, next Sunday 5 Apr 00:00 CEST (22:00 UTC Sat 4 Apr) + 1 h → 23:00 UTC.
        #expect(berlin.addingBusinessTime(6 * 3600, to: SLAFixtures.utc("2026-03-28T23:00:00Z")) == SLAFixtures.utc("2026-04-04T23:00:00Z"))
    }

    @Test func theWalkIsCappedAndRoundTrips() {
        let closed = BusinessCalendar(code: "closed", name: "Closed", timeZone: "UTC", weeklyHours: [])
        #expect(closed.addingBusinessTime(60, to: local("2026-11-02 09:00")) == .distantFuture)
        #expect(closed.businessSeconds(from: local("2026-11-02 09:00"), to: local("2036-11-02 09:00")) == 0)
        #expect(centre.addingBusinessTime(0, to: local("2026-11-02 03:00")) == local("2026-11-02 03:00"))
        // The longest target, 525,600 business minutes (8,760 h), needs about 190 weeks of 46 h: past the 3-year cap,
        // so it is never due.
        #expect(centre.addingBusinessTime(525_600 * 60, to: local("2026-11-02 09:00")) == .distantFuture)
        let start = local("2026-09-18 10:17")
        for seconds in [1, 59, 3_600, 30_000, 200_000] {
            #expect(centre.businessSeconds(from: start, to: centre.addingBusinessTime(seconds, to: start)) == seconds)
        }
    }

    @Test func validationNamesTheField() throws {
        func field(_ change: (inout BusinessCalendar) -> Void) -> String? {
            var calendar = centre
            change(&calendar)
            do { try calendar.validate(); return "valid" } catch { return error.field }
        }
        #expect(field { _ in } == "valid")
        #expect(field { $0.timeZone = "Mars/Olympus" } == "timeZone")
        #expect(field { $0.code = "Service Centre" } == "code")
        #expect(field { $0.weeklyHours[0].weekday = 8 } == "weeklyHours[0].weekday")
        #expect(field { $0.weeklyHours[1].weekday = 1 } == "weeklyHours[1].weekday")
        #expect(field { $0.weeklyHours[0].spans.append(try! OpeningSpan("11:00", "14:00")) } == "weeklyHours[0].spans[2]")
        // Friday night running into Saturday's 10:00 opening overlaps.
        #expect(field { $0.weeklyHours[4].spans = SLAFixtures.spans([("20:00", "11:00")]) } == "weeklyHours[5].spans[0]")
        #expect(field { $0.holidays.append($0.holidays[0]) } == "holidays[10].date")
        #expect(field { $0.workingDays.append(.init(date: SLAFixtures.day("2026-10-01"), name: "x")) } == "workingDays[2].date")
        #expect(field { $0.workingDays[0].hoursOf = 0 } == "workingDays[0].hoursOf")
    }

    @Test func calendarsLoadFromJSON() throws {
        let json = #"""
        {"code":"store_sh001","name":"Shanghai flagship","storeId":null,"timeZone":"Asia/Shanghai",
         "weeklyHours":[{"weekday":6,"spans":[{"start":"10:00","end":"22:00"}]},{"weekday":5,"spans":[{"start":"22:00","end":"02:00"}]}],
         "holidays":[{"date":"2026-10-01","name":"National Day"}],
         "workingDays":[{"date":"2026-10-10","name":"make-up"},{"date":"2026-09-20","hoursOf":6,"name":"make-up"}]}
        """#
        let calendar = try BusinessCalendar.decode(json: Data(json.utf8))
        #expect(calendar.workingDays.map(\.hoursOf) == [1, 6])
        #expect(try BusinessCalendar.decode(json: calendar.encodedJSON()) == calendar)
        let badTime = json.replacingOccurrences(of: #""end":"22:00""#, with: #""end":"25:00""#)
        #expect(throws: PatronError.self) { try BusinessCalendar.decode(json: Data(badTime.utf8)) }
        do {
            _ = try BusinessCalendar.decode(json: Data(json.replacingOccurrences(of: "2026-10-01", with: "2026-02-30").utf8))
            Issue.record("a 30 February was accepted")
        } catch {
            #expect(error.field == "holidays[0].date")
        }
    }
}
