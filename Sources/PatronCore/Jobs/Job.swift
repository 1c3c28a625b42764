import Foundation

/// Periodic or due work: point expiry, SLA breach checks, survey sends. The scheduler runs each job when its
/// interval has passed, on one instance at a time (a lease in the database), and records every run.
public protocol Job: Sendable {
    /// Stable and unique, dotted: `membership.expiry`, `tickets.sla_breaches`. Stored in the job tables.
    var name: String { get }
    /// How long after a run starts the next one is due.
    var interval: TimeInterval { get }
    /// Does what has become due by `now`, as Patron itself. The report goes to the job history and must hold
    /// counts, never personal data.
    func run(at now: Date) async throws -> JobReport
}

/// What a run did, in a line for the job history ("12 customers advanced").
public struct JobReport: Sendable, Equatable {
    public var summary: String

    public init(_ summary: String) {
        self.summary = summary
    }
}
