import Foundation

/// Sales, membership, cohort, service and staff KPIs. Days are local to the chain's time zone (the one the
/// rollup was refreshed in). Sales KPIs and staff figures follow the home page's rule (`SalesOverviewService`):
/// a caller whose `orders.read` is bound to their home store sees that store only, whatever else they hold;
/// otherwise `analytics.view` or chain-wide `orders.read` sees the chain and may narrow to one store. Cohorts
/// and service KPIs are chain-wide figures under `analytics.view` (a chain-wide permission, as for
/// `GET /analytics/sla` and the points liability); the rollup keeps no cohorts per store.
public struct KPIService: Sendable {
    let repository: any KPIRepository
    let overview: any SalesOverviewRepository
    let membership: MembershipService
    /// The SLA report's source: the same outcomes `GET /analytics/sla` folds, counted over the whole range.
    let sla: any SLARepository
    let surveys: SurveyService
    let timeZone: TimeZone
    /// Days before the last refreshed day that an incremental refresh recomputes, for late orders and returns.
    public static let recentDays = 3

    public init(repository: any KPIRepository, overview: any SalesOverviewRepository, membership: MembershipService, sla: any SLARepository,
                surveys: SurveyService, timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt) {
        self.repository = repository
        self.overview = overview
        self.membership = membership
        self.sla = sla
        self.surveys = surveys
        self.timeZone = timeZone
    }

    /// The series by period, the range's totals and the membership position.
    public func kpis(_ range: KPIRange, period: KPIPeriod, storeId: Store.ID? = nil, channel: SalesChannel? = nil,
                     currency: CurrencyCode = .cny, by caller: Caller) async throws -> KPISeries {
        let stores = try Self.salesScope(caller, storeId: storeId)
        let state = try await repository.refreshState()
        let zone = state.flatMap { TimeZone(identifier: $0.timeZone) } ?? timeZone
        let spans = range.spans(period)
        let daily = try await repository.sums(range: range, stores: stores, channel: channel, currency: currency)
        var intervals = spans.map { (start: $0.first.start(in: zone), end: $0.last.adding(days: 1).start(in: zone)) }
        let whole = (start: range.first.start(in: zone), end: range.last.adding(days: 1).start(in: zone))
        intervals.append(whole)
        let buyers = try await repository.buyers(intervals: intervals, stores: stores, channel: channel)
        let joined = try await repository.newMembers(intervals: intervals, stores: stores)
        var points: [KPIPoint] = []
        for (index, span) in spans.enumerated() {
            let sums = (span.first.dayNumber...span.last.dayNumber).reduce(KPISums()) { $0 + (daily[$1] ?? KPISums()) }
            points.append(KPIPoint(period: span.key, sums: sums, buyers: buyers[index], newMembers: joined[index]))
        }
        let total = KPIPoint(period: "\(range.first)/\(range.last)", sums: points.reduce(KPISums()) { $0 + $1.sums },
                             buyers: buyers[spans.count], newMembers: joined[spans.count])
        var position = try await repository.membership(from: whole.start, to: whole.end, stores: stores)
        let counts = try await overview.tierCounts(stores: stores)
        let order = try await membership.programme(by: caller).tiers.map(\.code)
        position.tiers = (order + counts.keys.filter { !order.contains($0) }.sorted()).map { .init(tier: $0, members: Int64(counts[$0] ?? 0)) }
        if case .all = stores, storeId == nil, caller.grants.everywhere.contains(.analyticsView) {
            position.liability = try await membership.liability(by: caller)
        }
        return KPISeries(range: range, period: period, storeId: storeId ?? { if case .only(let home) = stores { home } else { nil } }(),
                         channel: channel, currency: currency, points: points, total: total, membership: position, computedAt: state?.computedAt)
    }

    /// Cohorts whose first-purchase month falls in the range, with retention up to the last refreshed month.
    public func cohorts(_ range: KPIRange, by caller: Caller) async throws -> CohortTriangle {
        try caller.require(.analyticsView)
        let month = { (day: ServiceDate) in day.components.year * 12 + day.components.month - 1 }
        let cells = try await repository.cohortCells(firstMonth: month(range.first), lastMonth: month(range.last))
        let state = try await repository.refreshState()
        return CohortTriangle.build(cells: cells.map { cell in
            let (year, monthIndex) = (cell.cohortMonth / 12, cell.cohortMonth % 12 + 1)
            return (cohort: "\(year)-\(monthIndex < 10 ? "0" : "")\(monthIndex)", monthsSince: cell.monthsSince, buyers: cell.buyers)
        }, computedAt: state?.computedAt)
    }

    /// Tickets, SLA and survey figures of the range, chain-wide; the SLA part is `GET /analytics/sla`'s report.
    public func serviceKPIs(_ range: KPIRange, by caller: Caller) async throws -> ServiceKPIs {
        try caller.require(.analyticsView)
        guard range.days <= SLAReport.maxDays else {
            throw PatronError.invalid(field: "to", message: "service KPIs cover at most \(SLAReport.maxDays) days")
        }
        let from = range.first.start(in: timeZone), to = range.last.adding(days: 1).start(in: timeZone)
        let outcomes = try await sla.outcomes(from: from, to: to, store: nil)
        let decided = outcomes.count(where: { $0.breached || $0.resolution == .met })
        let breached = outcomes.count(where: \.breached)
        let results = try await surveys.results(SurveyResultsQuery(from: from, to: to, groupBy: .channel, timeZone: timeZone, comments: 0), by: caller)
        let times = try await repository.ticketTimes(from: from, to: to)
        return ServiceKPIs(from: from, to: to, tickets: outcomes.count, resolved: times.resolved,
                           firstResponseMinutes: times.replied == 0 ? nil : times.firstResponseSeconds / Double(times.replied) / 60,
                           resolutionMinutes: times.resolved == 0 ? nil : times.resolutionSeconds / Double(times.resolved) / 60,
                           slaMetPercent: decided == 0 ? nil : (Double(decided - breached) * 1000 / Double(decided)).rounded() / 10,
                           slaBreached: breached, survey: results.overall)
    }

    /// Staff with a sale, a refund, a resolved ticket or an SLA outcome in the range, by net sales, with the CSAT
    /// and NPS of survey answers naming them (`GET /analytics/surveys` grouped by staff).
    public func staffPerformance(_ range: KPIRange, storeId: Store.ID? = nil, by caller: Caller) async throws -> [StaffPerformance] {
        let stores = try Self.salesScope(caller, storeId: storeId)
        let from = range.first.start(in: timeZone), to = range.last.adding(days: 1).start(in: timeZone)
        let figures = try await repository.staffFigures(from: from, to: to, stores: stores)
        var scores: [String: SurveyScore] = [:]
        if caller.grants.holds(.analyticsView) || caller.grants.holds(.surveysManage), range.days <= SurveyResultsQuery.maxDays {
            let results = try await surveys.results(SurveyResultsQuery(from: from, to: to, groupBy: .staff, timeZone: timeZone, comments: 0), by: caller)
            for group in results.groups { scores[group.key] = group.score }
        }
        return figures.map { figure in
            StaffPerformance(staffId: figure.staffId, displayName: figure.displayName, orders: figure.orders, salesMinor: figure.salesMinor,
                             refundsMinor: figure.refundsMinor, ticketsResolved: figure.ticketsResolved, slaDecided: figure.slaDecided,
                             slaBreached: figure.slaBreached, survey: scores[figure.staffId.uuidString.lowercased()] ?? SurveyScore())
        }.sorted { ($0.netSalesMinor, $1.displayName) > ($1.netSalesMinor, $0.displayName) }
    }

    /// Recomputes the rollup: from `recentDays` before the last refreshed day through today, or everything
    /// when `full`, when never refreshed, or when the chain's time zone changed. The analytics refresh job
    /// calls this; a nightly `full` run picks up orders imported long after they happened.
    public func refresh(at now: Date = Date(), full: Bool = false, by caller: Caller) async throws -> KPIRefreshRun {
        try caller.require(.jobsRun)
        let today = ServiceDate.day(of: now, in: timeZone)
        let state = try await repository.refreshState()
        let from: ServiceDate? = if !full, let state, state.timeZone == timeZone.identifier {
            min(state.lastDay, today).adding(days: -Self.recentDays)
        } else {
            nil
        }
        return try await repository.refresh(from: from, through: today, zone: timeZone, at: now)
    }

    /// Which stores' sales figures the caller sees, narrowed to `storeId` when given.
    static func salesScope(_ caller: Caller, storeId: Store.ID?) throws(PatronError) -> Grants.StoreFilter {
        var scope = caller.grants.storeFilter(for: .ordersRead)
        if case .none = scope, caller.grants.everywhere.contains(.analyticsView) { scope = .all }
        switch (scope, storeId) {
        case (.none, _):
            throw .forbidden(message: "this needs the permission \(Permission.analyticsView.rawValue) or \(Permission.ordersRead.rawValue)")
        case (.all, nil): return .all
        case (.all, let store?): return .only(store)
        case (.only(let home), nil): return .only(home)
        case (.only(let home), let store?):
            guard store == home else { throw .forbidden(message: "this needs the permission \(Permission.ordersRead.rawValue) for that store") }
            return .only(home)
        }
    }
}
