import Foundation
import PatronCore
import SQLKit

/// Runs each ticket's SLA clocks from its notices, in the ticket's own transaction: an opening picks the
/// policy (channel and priority, the channel's own before any) and calendar and stores the due times; replies,
/// customer messages, waiting on the customer, resolution and reopening move the facts; a priority change
/// picks the policy again. A target found breached here is recorded once for the breach job to escalate.
/// It stores no personal data, so it takes no part in merge, erase or export.
public struct SLASubscriber: DomainEventSubscriber {
    public init() {}

    public func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        let notices = events.compactMap { event -> TicketNotice? in
            if case .ticketChanged(let notice) = event { notice } else { nil }
        }
        guard !notices.isEmpty else { return }
        let policies = try await SQLSLARepository.policies(on: sql)
        let calendars = try await SQLSLARepository.calendars(on: sql)
        for notice in notices {
            try await apply(notice, policies: policies, calendars: calendars, on: sql)
        }
    }

    func apply(_ notice: TicketNotice, policies: [SLAPolicy], calendars: [BusinessCalendar], on sql: any SQLDatabase) async throws {
        guard let priority = SLAPriority(rawValue: notice.priority) else {
            throw PatronError.invalid(field: "priority", message: "the SLA clock knows the priorities low, normal, high and urgent")
        }
        let stored = try await SQLSLARepository.ticket(notice.ticketId, on: sql)
        if notice.change == .opened, stored != nil { return }
        // A ticket opened before the SLA module existed starts its clocks at its first notice.
        var record = stored ?? TicketSLA(ticketId: notice.ticketId, policyId: nil, calendarCode: nil, storeId: notice.storeId,
                                         channel: notice.channel, queue: notice.queue, priority: priority,
                                         facts: SLAFacts(openedAt: notice.at), state: nil)
        let repick = stored == nil || notice.change == .priorityChanged || record.policyId.flatMap { id in policies.first { $0.id == id } } == nil
        record.storeId = notice.storeId
        record.channel = notice.channel
        record.queue = notice.queue
        record.priority = priority
        record.facts = record.facts.applying(notice)

        let terms: SLATerms?
        if repick {
            terms = SLATerms.resolve(channel: notice.channel, priority: priority, storeId: notice.storeId, policies: policies, calendars: calendars)
        } else if let policy = policies.first(where: { $0.id == record.policyId }) {
            terms = SLATerms(policy: policy, calendar: calendars.first { $0.code == record.calendarCode }
                             ?? SLATerms.calendar(for: policy, storeId: notice.storeId, calendars: calendars))
        } else {
            terms = nil
        }
        let previous = record.state
        record.policyId = terms?.policy.id
        record.calendarCode = terms?.calendar.code
        record.state = terms.map { SLAClock.evaluate(policy: $0.policy, calendar: $0.calendar, facts: record.facts, now: notice.at) }

        let breaches = Self.newBreaches(record, previous: previous, at: notice.at)
        if !breaches.isEmpty, record.breachedAt == nil { record.breachedAt = notice.at }
        try await SQLSLARepository.write(record, on: sql)
        try await SQLSLARepository.insertBreaches(breaches, on: sql)
    }

    /// Targets breached now that were not stored breached: one still unmet waits for escalation, one met late
    /// (a reply after its due time) needs none. A target already breached stays one breach even when a new
    /// priority moves its due time, so an escalation that raises the priority does not escalate again.
    static func newBreaches(_ record: TicketSLA, previous: SLAState?, at: Date) -> [SLABreach] {
        guard let state = record.state else { return [] }
        return SLATargetKind.allCases.compactMap { kind in
            guard let target = state.target(kind), target.status == .breached, let due = target.dueAt else { return nil }
            if previous?.target(kind)?.status == .breached { return nil }
            return SLABreach(ticketId: record.ticketId, target: kind, dueAt: due, breachedAt: at,
                             escalation: target.achievedAt == nil ? .pending : .notNeeded)
        }
    }
}
