import Foundation

/// The background jobs: what is scheduled, what ran, and running one now. The scheduler and the command line
/// both run jobs through `runIfDue`, so a manual run takes the same lease as a scheduled one and the two never
/// overlap.
public struct JobService: Sendable {
    let jobs: [any Job]
    let repository: any JobRepository
    let clock: any JobClock
    /// How long a claimed run may take before another instance may assume it crashed and take over.
    let lease: TimeInterval

    public init(jobs: [any Job], repository: any JobRepository, clock: any JobClock = SystemJobClock(), lease: TimeInterval = 15 * 60) {
        self.jobs = jobs
        self.repository = repository
        self.clock = clock
        self.lease = lease
    }

    public var names: [String] { jobs.map(\.name) }

    public func list(by caller: Caller) async throws -> [JobStatus] {
        try caller.require(.jobsRun)
        return try await repository.statuses(jobs.map { ($0.name, $0.interval) })
    }

    public func history(of job: String?, limit: Int, by caller: Caller) async throws -> [JobRun] {
        try caller.require(.jobsRun)
        if let job { _ = try self.job(named: job) }
        return try await repository.history(job, limit: min(max(limit, 1), 200))
    }

    /// Runs the job now, whether due or not; nil when another instance is running it this moment.
    public func runNow(_ name: String, instance: String, by caller: Caller) async throws -> JobRun? {
        try caller.require(.jobsRun)
        return try await run(try job(named: name), instance: instance, force: true)
    }

    /// Runs every job that is due and not leased elsewhere; the scheduler's tick.
    public func runDue(instance: String, by caller: Caller) async throws -> [JobRun] {
        try caller.require(.jobsRun)
        var runs: [JobRun] = []
        for job in jobs {
            if let run = try await run(job, instance: instance, force: false) { runs.append(run) }
        }
        return runs
    }

    func job(named name: String) throws(PatronError) -> any Job {
        guard let job = jobs.first(where: { $0.name == name }) else {
            throw .notFound(resource: "job", id: name)
        }
        return job
    }

    /// A failed run is recorded and due again after its interval, like a successful one, so a job that keeps
    /// failing cannot spin.
    func run(_ job: any Job, instance: String, force: Bool) async throws -> JobRun? {
        let start = clock.now()
        guard try await repository.claim(job.name, interval: job.interval, instance: instance, now: start,
                                         leaseUntil: start + lease, force: force) else { return nil }
        let began = ContinuousClock.now
        let outcome: JobRun.Outcome
        let detail: String
        do {
            detail = try await job.run(at: start).summary
            outcome = .succeeded
        } catch {
            detail = String(reflecting: type(of: error))
            outcome = .failed
        }
        let elapsed = ContinuousClock.now - began
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let run = JobRun(job: job.name, instance: instance, startedAt: start, durationMilliseconds: milliseconds, outcome: outcome, detail: detail)
        try await repository.finish(run, nextRunAt: start + job.interval)
        return run
    }
}
