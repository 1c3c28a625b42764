import Foundation

/// RFM, lifecycle stage and lifetime-value forecasts per customer. Reads of one customer need
/// `customers.read` (the scores are chain-wide facts about the person, like the profile); the base-wide
/// reports and the drill-down need `analytics.view`; a refresh rewrites every customer's row and holds the
/// write transaction while it runs, so it is an operator's action like running a job: `jobs.run`.
public struct InsightService: Sendable {
    let insight: any InsightRepository
    let customers: any CustomerRepository

    public init(insight: any InsightRepository, customers: any CustomerRepository) {
        self.insight = insight
        self.customers = customers
    }

    public func insight(of id: Customer.ID, by caller: Caller, at date: Date = Date()) async throws -> CustomerInsight {
        try caller.require(.customersRead)
        _ = try await customers.live(id)
        return try await insight.insight(of: id, at: date)
    }

    public func rfm(by caller: Caller) async throws -> RFMOverview {
        try caller.require(.analyticsView)
        return try await insight.rfmOverview()
    }

    public func lifecycle(by caller: Caller) async throws -> LifecycleOverview {
        try caller.require(.analyticsView)
        return try await insight.lifecycleOverview()
    }

    public func clvDistribution(by caller: Caller) async throws -> CLVDistribution {
        try caller.require(.analyticsView)
        return try await insight.clvDistribution()
    }

    /// The segment's customers, highest lifetime value first, names masked.
    public func members(of segment: RFMSegment, page: PageRequest, by caller: Caller) async throws -> Page<SegmentMember> {
        try caller.require(.analyticsView)
        let rows = try await insight.members(of: segment, page: page)
        var members: [SegmentMember] = []
        members.reserveCapacity(rows.items.count)
        let profiles = try await customers.live(rows.items.map(\.customerId))
        for row in rows.items {
            guard let customer = profiles[row.customerId] else { continue }
            members.append(SegmentMember(customerId: row.customerId, displayName: Masking.name(customer.name), segment: segment,
                                         stage: row.stage, clvMinor: row.clvMinor))
        }
        return Page(items: members, nextCursor: rows.nextCursor)
    }

    /// Recomputes and stores every live customer's insight as of `date`; `refit` fits the models anew (the
    /// nightly job), otherwise the stored ones are reused; `rebuild` aggregates every customer's features from
    /// the orders instead of rescoring the stored ones.
    public func refresh(at date: Date = Date(), refit: Bool = true, rebuild: Bool = false, by caller: Caller,
                        progress: @escaping @Sendable (InsightRefreshProgress) -> Void = { _ in }) async throws -> InsightRefreshReport {
        try caller.require(.jobsRun)
        return try await insight.refresh(at: date, refit: refit, rebuild: rebuild, progress: progress)
    }

    public func settings(by caller: Caller) async throws -> InsightSettings {
        try caller.require(.analyticsView)
        return try await insight.settings()
    }

    /// Takes effect for each customer at their next update and for everyone at the next refresh.
    public func saveSettings(_ settings: InsightSettings, by caller: Caller, requestId: String?) async throws {
        try caller.require(.settingsManage)
        try settings.validate()
        try await insight.save(settings, audit: AuditEvent(
            actor: caller.actor, action: "settings.insight_changed", resourceType: "settings", resourceId: "insight",
            requestId: requestId, details: ["segmentRules": "\(settings.segments.count)"]))
    }
}
