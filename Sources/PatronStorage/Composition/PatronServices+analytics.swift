import Foundation
import PatronCore

extension PatronServices {
    /// The analytics computations: the KPI rollup, every customer's scores, the persona tags and the
    /// recommendation model. By default what the nightly jobs do: the KPI days since the last refresh, the
    /// scores refitted on the stored features (which orders keep current) and the recommendation model;
    /// `rebuild` recomputes everything from the order history instead (after a bulk load or a change of rules),
    /// including the persona tags, which orders otherwise keep current and a weekly job rebuilds.
    ///
    /// The recommendation model reads only orders and products, so it is built alongside the others, on a
    /// connection of its own: on two cores the refresh takes about as long as its longest part, not the sum.
    /// The KPIs, scores and personas stay in sequence (the persona rules read the scores). `step` hears each
    /// part's name, outcome and duration as it ends (the CLI prints them); `progress` follows the scoring.
    public func refreshAnalytics(at now: Date = Date(), refitModels: Bool = true, rebuild: Bool = false, by caller: Caller,
                                 progress: @escaping @Sendable (InsightRefreshProgress) -> Void = { _ in },
                                 step: (_ name: String, _ outcome: String, _ took: Duration) -> Void = { _, _, _ in }) async throws {
        let clock = ContinuousClock()
        async let recommendationRun = clock.timed { try await self.recommendations.rebuild(at: now, by: caller) }
        var started = clock.now
        func lap(_ name: String, _ outcome: String) {
            step(name, outcome, clock.now - started)
            started = clock.now
        }
        do {
            let kpiRun = try await kpis.refresh(at: now, full: rebuild, by: caller)
            lap("kpis", "\(kpiRun.days) days\(kpiRun.full ? " (full)" : ""), \(kpiRun.cohortCells) cohort cells")
            let report = try await insight.refresh(at: now, refit: refitModels, rebuild: rebuild, by: caller, progress: progress)
            lap("insight", "\(report.summary) (model \(report.modelVersion))")
            if rebuild {
                let tags = try await personas.refresh(at: now, by: caller)
                lap("personas", "\(tags.tags) tags on \(tags.customers) customers")
            }
        } catch {
            _ = try? await recommendationRun
            throw error
        }
        let (model, took) = try await recommendationRun
        step("recommendations", "\(model.products) products, \(model.pairs) neighbour pairs (built alongside)", took)
    }
}

extension ContinuousClock {
    /// The result of `body` and how long it took.
    func timed<T: Sendable>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
        let start = now
        let result = try await body()
        return (result, now - start)
    }
}
