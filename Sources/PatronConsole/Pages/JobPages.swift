import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The background jobs for `jobs.run`: when each is due, how its last runs went, and running one now — the
/// same lease the servers' schedulers take, so a manual run never overlaps a scheduled one.
extension Console {
    /// The instance name a console-started run is recorded under.
    static let consoleJobInstance = "console"

    func jobsPage(_ console: ConsoleRequest, ran: JobRun? = nil, busy: String? = nil) async throws -> Response {
        let jobs = try await services.jobs.list(by: console.caller)
        let history = try await services.jobs.history(of: nil, limit: 30, by: console.caller)
        let rows: [[String: Any]] = jobs.map { job in
            var row: [String: Any] = ["name": job.name, "every": text("jobs_page.every_minutes", console, ["minutes": ConsoleFormat.number(Int(job.interval / 60))])]
            if let holder = job.runningOn { row["running"] = holder }
            if let next = job.nextRunAt { row["next"] = format.time(next) }
            if let last = job.lastRun { row["last"] = runRow(last, console) }
            return row
        }
        var data: [String: Any] = ["rows": rows, "history": history.map { runRow($0, console) }, "hasHistory": !history.isEmpty]
        if let ran { data["ran"] = runRow(ran, console) }
        if let busy { data["busy"] = text("jobs_page.busy", console, ["job": busy]) }
        return page(status: busy == nil ? .ok : .conflict, "jobs", titleKey: "jobs_page.title", data: data, console)
    }

    func runJob(_ console: ConsoleRequest, name: String?) async throws -> Response {
        guard let name, services.jobs.names.contains(name) else { return notFound(console) }
        guard let run = try await services.jobs.runNow(name, instance: Self.consoleJobInstance, by: console.caller) else {
            return try await jobsPage(console, busy: name)
        }
        return try await jobsPage(console, ran: run)
    }

    private func runRow(_ run: JobRun, _ console: ConsoleRequest) -> [String: Any] {
        ["job": run.job, "instance": run.instance, "started": format.time(run.startedAt), "detail": run.detail,
         "duration": text("jobs_page.milliseconds", console, ["ms": ConsoleFormat.number(Int(run.durationMilliseconds))]),
         "outcome": text("jobs_page.outcome.\(run.outcome.rawValue)", console), "failed": run.outcome == .failed]
    }
}
