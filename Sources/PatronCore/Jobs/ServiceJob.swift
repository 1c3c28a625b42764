import Foundation

/// A job that is one service call made as Patron itself: the standard jobs differ only in their name, how
/// often they run and which call they make, so they share this one shape.
public struct ServiceJob: Job {
    public let name: String
    public let interval: TimeInterval
    let caller: Caller
    let work: @Sendable (_ now: Date, _ caller: Caller) async throws -> String

    public init(name: String, interval: TimeInterval, work: @escaping @Sendable (_ now: Date, _ caller: Caller) async throws -> String) {
        self.name = name
        self.interval = interval
        caller = .system("job \(name)")
        self.work = work
    }

    public func run(at now: Date) async throws -> JobReport {
        JobReport(try await work(now, caller))
    }
}

extension ServiceJob {
    /// Applies point expiries, tier reviews, grace ends and override ends as their dates pass. Each customer is
    /// advanced under its row lock and an advance already done is a no-op, so even a run the lease failed to
    /// keep single would be harmless.
    public static func membershipExpiry(_ membership: MembershipService, interval: TimeInterval = 3_600) -> ServiceJob {
        ServiceJob(name: "membership.expiry", interval: interval) { now, caller in
            "\(try await membership.applyDue(at: now, by: caller)) customers advanced"
        }
    }

    /// Marks the SLA targets that came due breached (once each) and has the ticket module escalate them.
    public static func slaBreaches(_ sla: SLAService, interval: TimeInterval = 60) -> ServiceJob {
        ServiceJob(name: "tickets.sla_breaches", interval: interval) { now, caller in
            try await sla.recordBreaches(at: now, by: caller).summary
        }
    }

    /// Sends due survey invitations, consent permitting, and expires stale ones.
    public static func surveySends(_ surveys: SurveyService, interval: TimeInterval = 60) -> ServiceJob {
        ServiceJob(name: "surveys.send", interval: interval) { now, caller in
            try await surveys.sendDue(at: now, by: caller).summary
        }
    }

    /// Refits the CLV models and rescores every customer nightly; orders in between update their own
    /// customer at once, so the refresh only moves the base-wide cut points and parameters.
    public static func insightRefresh(_ insight: InsightService, interval: TimeInterval = 86_400) -> ServiceJob {
        ServiceJob(name: "insight.refresh", interval: interval) { now, caller in
            try await insight.refresh(at: now, by: caller).summary
        }
    }
}
