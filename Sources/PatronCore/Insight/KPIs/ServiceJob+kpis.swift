import Foundation

extension ServiceJob {
    /// Brings the daily KPI rollup and the cohort triangle up to date, hourly: a run recomputes only the last
    /// few days, so the dashboard is at most an hour behind the tills.
    public static func kpisRefresh(_ kpis: KPIService, interval: TimeInterval = 3_600) -> ServiceJob {
        ServiceJob(name: "kpis.refresh", interval: interval) { now, caller in
            let run = try await kpis.refresh(at: now, by: caller)
            return "\(run.days) days\(run.full ? " (full rebuild)" : ""), \(run.cohortCells) cohort cells"
        }
    }
}
