import Foundation

extension SLATerms {
    /// The terms for a ticket: the policy for its channel and priority, counted in the policy's calendar, else
    /// the ticket's store calendar, else the service centre's, else around the clock in UTC. nil when no
    /// policy fits.
    public static func resolve(channel: String, priority: SLAPriority, storeId: Store.ID?, policies: [SLAPolicy],
                               calendars: [BusinessCalendar]) -> SLATerms? {
        guard let policy = SLAPolicy.pick(from: policies, channel: channel, priority: priority) else { return nil }
        return SLATerms(policy: policy, calendar: calendar(for: policy, storeId: storeId, calendars: calendars))
    }

    public static func calendar(for policy: SLAPolicy, storeId: Store.ID?, calendars: [BusinessCalendar]) -> BusinessCalendar {
        if let code = policy.calendarCode, let named = calendars.first(where: { $0.code == code }) { return named }
        if let storeId, let own = calendars.first(where: { $0.storeId == storeId }) { return own }
        return calendars.first { $0.code == BusinessCalendar.serviceCentreCode } ?? .aroundTheClock
    }
}

extension BusinessCalendar {
    /// Every hour of every day in UTC: what targets count in when the chain has no calendar at all.
    public static let aroundTheClock = BusinessCalendar(
        code: "around_the_clock", name: "Around the clock", timeZone: "UTC",
        weeklyHours: (1...7).map { WeekdayHours(weekday: $0, spans: [try! OpeningSpan(startMinute: 0, endMinute: 1440)]) })
}
