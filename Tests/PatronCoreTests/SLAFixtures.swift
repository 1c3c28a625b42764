import Foundation
import PatronCore

/// Calendars for the SLA tests, written out so every expected time can be checked by hand.
enum SLAFixtures {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// A local wall time in Shanghai (UTC+8, no daylight saving): `"2026-11-02 11:30"`.
    static func local(_ text: String, zone: TimeZone = shanghai) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    static func day(_ text: String) -> ServiceDate { try! ServiceDate(iso: text) }

    static func spans(_ pairs: [(String, String)]) -> [OpeningSpan] { pairs.map { try! OpeningSpan($0.0, $0.1) } }

    /// The service centre: Mon–Fri 09:00–12:00 and 13:00–18:00 (lunch 12–13), Sat 10:00–16:00, Sun closed.
    /// Holidays and make-up days of the 2026 arrangement published by the State Council (国办发明电〔2025〕7号)
    /// around the Mid-Autumn Festival and National Day: 25–27 September and 1–7 October closed, Sunday 20
    /// September and Saturday 10 October worked (with Monday's hours). Should the published dates differ,
    /// read these as an example calendar: the arithmetic below only depends on what is listed here.
    static let serviceCentre = BusinessCalendar(
        code: "service_centre", name: "Service centre", timeZone: "Asia/Shanghai",
        weeklyHours: (1...5).map { .init(weekday: $0, spans: spans([("09:00", "12:00"), ("13:00", "18:00")])) }
            + [.init(weekday: 6, spans: spans([("10:00", "16:00")]))],
        holidays: ["2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05",
                   "2026-10-06", "2026-10-07"].map { .init(date: day($0), name: "holiday") },
        workingDays: [.init(date: day("2026-09-20"), name: "make-up for National Day"),
                      .init(date: day("2026-10-10"), name: "make-up for National Day")])

    /// A night desk: Friday 22:00 to Saturday 06:00 only.
    static let nightDesk = BusinessCalendar(
        code: "night_desk", name: "Night desk", timeZone: "Asia/Shanghai",
        weeklyHours: [.init(weekday: 5, spans: spans([("22:00", "06:00")]))])

    /// Open every Sunday 00:00–06:00 in Berlin, to cross daylight-saving changes.
    static let berlinSundayNights = BusinessCalendar(
        code: "berlin", name: "Berlin", timeZone: "Europe/Berlin",
        weeklyHours: [.init(weekday: 7, spans: spans([("00:00", "06:00")]))])

    /// First response 60, next response 30, resolution 480 business minutes.
    static let policy = SLAPolicy(name: "Normal", channel: nil, priority: .normal, firstResponseMinutes: 60, nextResponseMinutes: 30,
                                  resolutionMinutes: 480)

    static func utc(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }
}
