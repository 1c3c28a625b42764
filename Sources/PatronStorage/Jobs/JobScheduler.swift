import Foundation
import Logging
import PatronCore
import ServiceLifecycle

/// The server's background loop: every `tick` it runs the jobs that are due, through `JobService` as Patron
/// itself. Several instances on one database each run the loop; the lease in `job_schedule` lets exactly one
/// of them run a due job.
public struct JobScheduler: Service {
    let jobs: JobService
    let instance: String
    let tick: Duration
    let logger: Logger
    let gate: StartupGate?
    static let caller = Caller.system("job scheduler")

    /// With a `gate`, the first tick waits until the gate opens.
    public init(jobs: JobService, instance: String = JobScheduler.instanceName(), tick: Duration = .seconds(30), logger: Logger,
                after gate: StartupGate? = nil) {
        self.gate = gate
        self.jobs = jobs
        self.instance = instance
        self.tick = tick
        self.logger = logger
    }

    /// Host and process, so the history says which instance ran what.
    public static func instanceName() -> String {
        "\(ProcessInfo.processInfo.hostName.prefix(60))#\(ProcessInfo.processInfo.processIdentifier)"
    }

    public func run() async throws {
        if let gate { await cancelWhenGracefulShutdown { await gate.wait() } }
        await runPeriodically(every: tick, logger: logger, failure: "job scheduler tick failed; it runs again next tick") {
            for run in try await jobs.runDue(instance: instance, by: Self.caller) {
                let metadata: Logger.Metadata = ["job": "\(run.job)", "duration_ms": "\(run.durationMilliseconds)", "detail": "\(run.detail)"]
                switch run.outcome {
                case .succeeded: logger.info("job ran", metadata: metadata)
                case .failed: logger.warning("job failed; it runs again after its interval", metadata: metadata)
                }
            }
        }
    }
}
