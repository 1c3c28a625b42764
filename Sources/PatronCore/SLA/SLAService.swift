import Foundation

/// Business calendars, SLA policies, the tickets' countdowns, the SLA report and breach escalation. Reading
/// needs `tickets.read`; changing policies, or a calendar, needs `tickets.supervise` (a store's calendar may
/// be changed by that store's supervisors, everything else chain-wide). Every change is audited.
public struct SLAService: Sendable {
    let repository: any SLARepository
    let escalator: (any TicketEscalator)?
    /// Most ids `states(of:)` answers for at once (a queue page).
    public static let maxStates = 200
    /// Escalations attempted per breach before giving up.
    public static let maxEscalationAttempts = 5

    public init(repository: any SLARepository, escalator: (any TicketEscalator)? = nil) {
        self.repository = repository
        self.escalator = escalator
    }

    // MARK: Calendars

    public func calendars(by caller: Caller) async throws -> [BusinessCalendar] {
        try caller.require(.ticketsRead)
        return try await repository.calendars()
    }

    public func calendar(_ code: String, by caller: Caller) async throws -> BusinessCalendar {
        try caller.require(.ticketsRead)
        guard let calendar = try await repository.calendar(code: code) else { throw PatronError.notFound(resource: "service calendar", id: code) }
        return calendar
    }

    /// Creates or replaces the calendar with `calendar.code`; answers whether it was created.
    public func saveCalendar(_ calendar: BusinessCalendar, by caller: Caller, requestId: String?) async throws -> Bool {
        try caller.require(.ticketsSupervise, forRecordOf: calendar.storeId)
        if let current = try await repository.calendar(code: calendar.code), current.storeId != calendar.storeId {
            try caller.require(.ticketsSupervise, forRecordOf: current.storeId)
        }
        try calendar.validate()
        return try await repository.save(calendar, audit: event("sla.calendar_saved", type: "service_calendar", id: calendar.code, caller, requestId,
                                                                details: ["holidays": "\(calendar.holidays.count)", "timeZone": calendar.timeZone]))
    }

    public func deleteCalendar(_ code: String, by caller: Caller, requestId: String?) async throws {
        try caller.require(.ticketsSupervise)
        guard let current = try await repository.calendar(code: code) else { throw PatronError.notFound(resource: "service calendar", id: code) }
        try caller.require(.ticketsSupervise, forRecordOf: current.storeId)
        guard try await repository.deleteCalendar(code: code, audit: event("sla.calendar_deleted", type: "service_calendar", id: code, caller, requestId))
        else { throw PatronError.notFound(resource: "service calendar", id: code) }
    }

    // MARK: Policies

    public func policies(by caller: Caller) async throws -> [SLAPolicy] {
        try caller.require(.ticketsRead)
        return try await repository.policies()
    }

    public func policy(_ id: SLAPolicy.ID, by caller: Caller) async throws -> SLAPolicy {
        try caller.require(.ticketsRead)
        guard let policy = try await repository.policy(id) else { throw PatronError.notFound(resource: "SLA policy", id: id.uuidString.lowercased()) }
        return policy
    }

    /// Creates or replaces the policy with `policy.id`; answers whether it was created. Policies are
    /// chain-wide, so this needs `tickets.supervise` everywhere.
    public func savePolicy(_ policy: SLAPolicy, by caller: Caller, requestId: String?) async throws -> Bool {
        try caller.require(.ticketsSupervise, forRecordOf: nil)
        try policy.validate()
        if let code = policy.calendarCode, try await repository.calendar(code: code) == nil {
            throw PatronError.invalid(field: "calendarCode", message: "there is no service calendar \(code)")
        }
        return try await repository.save(policy, audit: event("sla.policy_saved", type: "sla_policy", id: policy.id.uuidString.lowercased(), caller,
                                                              requestId, details: ["channel": policy.channel ?? "any", "priority": policy.priority.rawValue]))
    }

    public func deletePolicy(_ id: SLAPolicy.ID, by caller: Caller, requestId: String?) async throws {
        try caller.require(.ticketsSupervise, forRecordOf: nil)
        guard try await repository.deletePolicy(id, audit: event("sla.policy_deleted", type: "sla_policy", id: id.uuidString.lowercased(), caller, requestId))
        else { throw PatronError.notFound(resource: "SLA policy", id: id.uuidString.lowercased()) }
    }

    // MARK: Tickets

    /// The SLA records of these tickets with their targets evaluated at `now`, for a queue's countdowns;
    /// tickets the caller may not read, and tickets without a record, are left out.
    public func states(of ticketIds: [UUID], at now: Date = Date(), by caller: Caller) async throws -> [TicketSLA] {
        try caller.require(.ticketsRead)
        guard ticketIds.count <= Self.maxStates else {
            throw PatronError.invalid(field: "ticketIds", message: "at most \(Self.maxStates) tickets at once")
        }
        let records = try await repository.tickets(Array(Set(ticketIds))).filter { caller.grants.allows(.ticketsRead, inStore: $0.storeId) }
        guard !records.isEmpty else { return [] }
        let policies = try await repository.policies()
        let calendars = try await repository.calendars()
        return records.map { record in
            var record = record
            guard let policy = policies.first(where: { $0.id == record.policyId }) else { return record }
            let calendar = calendars.first { $0.code == record.calendarCode }
                ?? SLATerms.calendar(for: policy, storeId: record.storeId, calendars: calendars)
            record.state = SLAClock.evaluate(policy: policy, calendar: calendar, facts: record.facts, now: now)
            return record
        }
    }

    /// SLA outcomes of the tickets opened in `[from, to)` by group. Chain-wide with `analytics.view` or
    /// `tickets.read` everywhere; a store-scoped reader sees only the home store.
    public func report(from: Date, to: Date, groupBy: SLAReport.Grouping, timeZone: TimeZone, by caller: Caller) async throws -> SLAReport {
        let store: Store.ID?
        if caller.grants.everywhere.contains(.analyticsView) || caller.grants.everywhere.contains(.ticketsRead) {
            store = nil
        } else if case .only(let home) = caller.grants.storeFilter(for: .ticketsRead) {
            store = home
        } else {
            throw PatronError.forbidden(message: "this needs the permission analytics.view or tickets.read")
        }
        try SLAReport.validateRange(from: from, to: to)
        return SLAReport.build(try await repository.outcomes(from: from, to: to, store: store), from: from, to: to, grouping: groupBy,
                               timeZone: timeZone)
    }

    /// Marks the targets due by `now` breached (each once) and hands each breach of a target still unmet to
    /// the ticket module's escalator; a failed escalation is retried on later runs up to
    /// `maxEscalationAttempts`. Without an escalator the breaches are recorded and wait.
    public func recordBreaches(at now: Date, by caller: Caller) async throws -> SLABreachRun {
        try caller.require(.ticketsSupervise, forRecordOf: nil)
        let breached = try await repository.recordBreaches(at: now)
        var run = SLABreachRun(breached: breached.count)
        guard let escalator else { return run }
        for breach in try await repository.pendingEscalations(limit: 500) {
            do {
                try await escalator.escalate(ticket: breach.ticketId, target: breach.target, at: now)
                try await repository.recordEscalation(breach, succeeded: true, at: now)
                run.escalated += 1
            } catch {
                try await repository.recordEscalation(breach, succeeded: false, at: now)
                run.failed += 1
            }
        }
        return run
    }

    private func event(_ action: String, type: String, id: String, _ caller: Caller, _ requestId: String?,
                       details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: type, resourceId: id, requestId: requestId, details: details)
    }
}

/// What one breach check did, for the job history.
public struct SLABreachRun: Sendable, Equatable {
    public var breached: Int
    public var escalated: Int
    public var failed: Int

    public init(breached: Int = 0, escalated: Int = 0, failed: Int = 0) {
        self.breached = breached
        self.escalated = escalated
        self.failed = failed
    }

    public var summary: String { "\(breached) targets breached, \(escalated) escalated, \(failed) escalations failed" }
}
