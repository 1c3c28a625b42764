import Foundation

/// The calendar and policies a new Patron database starts with, so that tickets have targets from the first
/// day; supervisors change them in the console or the API.
public enum SLADefaults {
    /// The service centre in China Standard Time: Monday–Friday 09:00–12:00 and 13:00–18:00, Saturday
    /// 10:00–16:00. 2026 holidays and make-up days as the State Council published them (国办发明电〔2025〕7号);
    /// for 2027 only the statutory days are listed — the 2027 arrangement with its make-up days replaces them
    /// once published (`PUT /service-calendars/service_centre`).
    public static var serviceCentre: BusinessCalendar {
        let weekday = [try! OpeningSpan("09:00", "12:00"), try! OpeningSpan("13:00", "18:00")]
        return BusinessCalendar(
            code: BusinessCalendar.serviceCentreCode, name: "Service centre", storeId: nil, timeZone: "Asia/Shanghai",
            weeklyHours: (1...5).map { .init(weekday: $0, spans: weekday) } + [.init(weekday: 6, spans: [try! OpeningSpan("10:00", "16:00")])],
            holidays: holidays2026 + holidays2027,
            workingDays: [("2026-01-04", "元旦调休 New Year make-up"), ("2026-02-14", "春节调休 Spring Festival make-up"),
                          ("2026-02-28", "春节调休 Spring Festival make-up"), ("2026-05-09", "劳动节调休 Labour Day make-up"),
                          ("2026-09-20", "国庆节调休 National Day make-up"), ("2026-10-10", "国庆节调休 National Day make-up")]
                .map { .init(date: try! ServiceDate(iso: $0.0), name: $0.1) })
    }

    static var holidays2026: [BusinessCalendar.Holiday] {
        days("元旦 New Year", "2026-01-01", 3) + days("春节 Spring Festival", "2026-02-15", 9) + days("清明节 Qingming", "2026-04-04", 3)
            + days("劳动节 Labour Day", "2026-05-01", 5) + days("端午节 Dragon Boat", "2026-06-19", 3)
            + days("中秋节 Mid-Autumn", "2026-09-25", 3) + days("国庆节 National Day", "2026-10-01", 7)
    }

    /// The statutory days of 2027 (Spring Festival on 6 February, Mid-Autumn on 15 September).
    static var holidays2027: [BusinessCalendar.Holiday] {
        days("元旦 New Year", "2027-01-01", 1) + days("春节 Spring Festival", "2027-02-05", 4) + days("清明节 Qingming", "2027-04-05", 1)
            + days("劳动节 Labour Day", "2027-05-01", 2) + days("端午节 Dragon Boat", "2027-06-09", 1)
            + days("中秋节 Mid-Autumn", "2027-09-15", 1) + days("国庆节 National Day", "2027-10-01", 3)
    }

    private static func days(_ name: String, _ first: String, _ count: Int) -> [BusinessCalendar.Holiday] {
        let start = try! ServiceDate(iso: first)
        return (0..<count).map { .init(date: start.adding(days: $0), name: name) }
    }

    /// Channels where the customer is in a live conversation and expects an answer in minutes.
    public static let instantChannels = ["wechat", "app", "website"]

    /// Any channel (e-mail, SMS, store, hotline, social) and tighter targets for instant messaging; business
    /// minutes `(first response, next response, resolution)`.
    public static var policies: [SLAPolicy] {
        let any: [(SLAPriority, Int, Int, Int)] = [(.low, 480, 480, 4_800), (.normal, 240, 240, 2_400), (.high, 120, 120, 960), (.urgent, 60, 60, 480)]
        let instant: [(SLAPriority, Int, Int, Int)] = [(.low, 60, 60, 2_400), (.normal, 15, 15, 1_440), (.high, 10, 10, 480), (.urgent, 5, 5, 240)]
        return any.map { policy(nil, $0) } + instantChannels.flatMap { channel in instant.map { policy(channel, $0) } }
    }

    private static func policy(_ channel: String?, _ targets: (SLAPriority, Int, Int, Int)) -> SLAPolicy {
        SLAPolicy(id: defaultPolicyId(channel: channel, priority: targets.0), name: "\(channel ?? "any") · \(targets.0.rawValue)",
                  channel: channel, priority: targets.0, firstResponseMinutes: targets.1, nextResponseMinutes: targets.2,
                  resolutionMinutes: targets.3)
    }

    /// Stable ids, so that every database names its default policies alike.
    static func defaultPolicyId(channel: String?, priority: SLAPriority) -> UUID {
        let channels = [nil] + instantChannels
        let channelIndex = channels.firstIndex(of: channel) ?? 0
        let priorityIndex = SLAPriority.allCases.firstIndex(of: priority) ?? 0
        return UUID(uuidString: String(format: "5a000000-0000-4000-8000-0000000%02d%03d", channelIndex, priorityIndex))!
    }
}
