import Foundation

/// The home page's figures. Periods are calendar days and months in the chain's time zone, so "today" at a
/// Shanghai store starts at Shanghai midnight whatever the server's clock zone.
public struct SalesOverviewService: Sendable {
    let repository: any SalesOverviewRepository
    let membership: MembershipService

    public init(repository: any SalesOverviewRepository, membership: MembershipService) {
        self.repository = repository
        self.membership = membership
    }

    public func overview(at now: Date = Date(), timeZone: TimeZone, currency: CurrencyCode = .cny, by caller: Caller) async throws -> SalesOverview {
        try caller.require(.ordersRead)
        let stores = caller.grants.storeFilter(for: .ordersRead)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startOfToday = calendar.startOfDay(for: now)
        let startOfTomorrow = calendar.date(byAdding: .day, value: 1, to: startOfToday) ?? now
        let startOfMonth = calendar.dateInterval(of: .month, for: now)?.start ?? startOfToday
        let boundaries = (0...30).reversed().compactMap { calendar.date(byAdding: .day, value: -$0 + 1, to: startOfToday) }
        let today = try await repository.figures(from: startOfToday, to: startOfTomorrow, currency: currency, stores: stores)
        let month = try await repository.figures(from: startOfMonth, to: startOfTomorrow, currency: currency, stores: stores)
        let daily = try await repository.daily(boundaries: boundaries, currency: currency, stores: stores)
        let counts = try await repository.tierCounts(stores: stores)
        let programme = try await membership.programme(by: caller)
        var tiers = programme.tiers.map { (code: $0.code, members: counts[$0.code] ?? 0) }
        tiers += counts.keys.filter { code in !programme.tiers.contains { $0.code == code } }.sorted().map { (code: $0, members: counts[$0] ?? 0) }
        let liability = caller.grants.everywhere.contains(.analyticsView) ? try await membership.liability(by: caller, at: now) : nil
        return SalesOverview(currency: currency, today: today, month: month, last30Days: daily, tiers: tiers, liability: liability)
    }
}
