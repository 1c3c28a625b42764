import Foundation
import PatronCore

extension PatronServices {
    /// The analytics computations in the order each relies on the last: the KPI rollup, every customer's
    /// scores, the persona tags, the recommendation model. By default what the nightly jobs do: the KPI days
    /// since the last refresh, the scores refitted on the stored features (which orders keep current) and the
    /// recommendation model; `rebuild` recomputes everything from the order history instead (after a bulk load
    /// or a change of rules), including the persona tags, which orders otherwise keep current and a weekly job
    /// rebuilds. `step` hears each one's name and outcome as it ends (the CLI times them); `progress` follows
    /// the scoring.
    public func refreshAnalytics(at now: Date = Date(), refitModels: Bool = true, rebuild: Bool = false, by caller: Caller,
                                 progress: @escaping @Sendable (InsightRefreshProgress) -> Void = { _ in },
                                 step: (_ name: String, _ outcome: String) -> Void = { _, _ in }) async throws {
        let kpiRun = try await kpis.refresh(at: now, full: rebuild, by: caller)
        step("kpis", "\(kpiRun.days) days\(kpiRun.full ? " (full)" : ""), \(kpiRun.cohortCells) cohort cells")
        let report = try await insight.refresh(at: now, refit: refitModels, rebuild: rebuild, by: caller, progress: progress)
        step("insight", "\(report.summary) (model \(report.modelVersion))")
        if rebuild {
            let tags = try await personas.refresh(at: now, by: caller)
            step("personas", "\(tags.tags) tags on \(tags.customers) customers")
        }
        let model = try await recommendations.rebuild(at: now, by: caller)
        step("recommendations", "\(model.products) products, \(model.pairs) neighbour pairs")
    }
}
