import Foundation

/// One run of a job, as the history keeps it.
public struct JobRun: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        case succeeded
        case failed
    }

    public var id: UUID
    public var job: String
    /// Which server instance (or `cli`) ran it.
    public var instance: String
    public var startedAt: Date
    public var durationMilliseconds: Int64
    public var outcome: Outcome
    /// The job's report, or the error's type on failure — never its message, which may quote data.
    public var detail: String

    public init(id: UUID = UUID(), job: String, instance: String, startedAt: Date, durationMilliseconds: Int64, outcome: Outcome, detail: String) {
        self.id = id
        self.job = job
        self.instance = instance
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.outcome = outcome
        self.detail = detail
    }
}

/// A job as the console and `patron jobs list` show it.
public struct JobStatus: Sendable, Equatable {
    public var name: String
    public var interval: TimeInterval
    public var nextRunAt: Date?
    /// The instance holding the lease while a run is under way.
    public var runningOn: String?
    public var lastRun: JobRun?

    public init(name: String, interval: TimeInterval, nextRunAt: Date?, runningOn: String?, lastRun: JobRun?) {
        self.name = name
        self.interval = interval
        self.nextRunAt = nextRunAt
        self.runningOn = runningOn
        self.lastRun = lastRun
    }
}
