import Foundation
import PatronCore

extension PatronServices {
    /// Every analytics computation the nightly jobs run, in the order each relies on the last: the KPI rollup,
    /// every customer's scores, the persona tags, the recommendation model. `step` hears each one's name and
    /// outcome as it ends (the CLI times them); `progress` follows the scoring, the long part.
    public func refreshAnalytics(at now: Date = Date(), refitModels: Bool = true, by caller: Caller,
                                 progress: @escaping @Sendable (InsightRefreshProgress) -> Void = { _ in },
                                 step: (_ name: String, _ outcome: String) -> Void = { _, _ in }) async throws {
        let kpiRun = try await kpis.refresh(at: now, by: caller)
        step("kpis", "\(kpiRun.days) days\(kpiRun.full ? " (full)" : ""), \(kpiRun.cohortCells) cohort cells")
        let report = try await insight.refresh(at: now, refit: refitModels, by: caller, progress: progress)
        step("insight", "\(report.summary) (model \(report.modelVersion))")
        let tags = try await personas.refresh(at: now, by: caller)
        step("personas", "\(tags.tags) tags on \(tags.customers) customers")
        let model = try await recommendations.rebuild(at: now, by: caller)
        step("recommendations", "\(model.products) products, \(model.pairs) neighbour pairs")
    }
}
