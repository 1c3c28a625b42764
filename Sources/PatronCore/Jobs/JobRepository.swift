import Foundation

/// The job schedule, leases and history. A claim is one conditional write, so two instances on one database
/// can never both run a job for the same due time.
public protocol JobRepository: Sendable {
    /// Takes the job's lease for `instance` until `leaseUntil` if it is due at `now` (or `force`) and no
    /// live lease is held; false when another instance has it or it is not due.
    func claim(_ job: String, interval: TimeInterval, instance: String, now: Date, leaseUntil: Date, force: Bool) async throws -> Bool
    /// Releases the lease, sets the next due time and records the run.
    func finish(_ run: JobRun, nextRunAt: Date) async throws
    func statuses(_ jobs: [(name: String, interval: TimeInterval)]) async throws -> [JobStatus]
    /// Newest first.
    func history(_ job: String?, limit: Int) async throws -> [JobRun]
}
