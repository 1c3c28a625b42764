import Foundation

/// A ticket's SLA record: what the ticket is (store, channel, queue, priority — copied from its notices), the
/// facts its clocks run on, the policy and calendar it is measured by, and where its targets stand. It holds
/// no personal data: a customer's identity stays with the ticket.
public struct TicketSLA: Sendable, Equatable {
    public var ticketId: UUID
    /// nil when no policy fits the ticket's channel and priority: the ticket then has no targets.
    public var policyId: SLAPolicy.ID?
    public var calendarCode: String?
    public var storeId: Store.ID?
    public var channel: String
    public var queue: String?
    public var priority: SLAPriority
    public var facts: SLAFacts
    /// nil without a policy.
    public var state: SLAState?
    /// The first time any target was breached.
    public var breachedAt: Date?
    /// Whether a breach was handed to the ticket module's escalation.
    public var escalated: Bool

    public init(ticketId: UUID, policyId: SLAPolicy.ID?, calendarCode: String?, storeId: Store.ID?, channel: String, queue: String?,
                priority: SLAPriority, facts: SLAFacts, state: SLAState?, breachedAt: Date? = nil, escalated: Bool = false) {
        self.ticketId = ticketId
        self.policyId = policyId
        self.calendarCode = calendarCode
        self.storeId = storeId
        self.channel = channel
        self.queue = queue
        self.priority = priority
        self.facts = facts
        self.state = state
        self.breachedAt = breachedAt
        self.escalated = escalated
    }
}

/// One breached target, recorded once, and whether the ticket module has escalated it.
public struct SLABreach: Sendable, Equatable {
    public enum Escalation: String, Sendable, CaseIterable {
        /// Waiting for the breach job to call the escalator.
        case pending
        case done
        /// The target was achieved late (a reply after the due time): nothing left to escalate.
        case notNeeded = "not_needed"
        /// The escalator failed on every attempt.
        case failed
    }

    public var ticketId: UUID
    public var target: SLATargetKind
    public var dueAt: Date
    public var breachedAt: Date
    public var escalation: Escalation
    public var attempts: Int

    public init(ticketId: UUID, target: SLATargetKind, dueAt: Date, breachedAt: Date, escalation: Escalation, attempts: Int = 0) {
        self.ticketId = ticketId
        self.target = target
        self.dueAt = dueAt
        self.breachedAt = breachedAt
        self.escalation = escalation
        self.attempts = attempts
    }
}

extension SLAFacts {
    /// Ticket statuses (the ticket module's raw values) that stop or pause the clocks.
    public static let waitingStatus = "waiting_on_customer"
    public static let doneStatuses: Set<String> = ["resolved", "closed"]

    /// The facts after `notice`: a reply stops the first-response clock and answers the customer, a customer
    /// message after a reply starts the next-response clock, waiting on the customer pauses every clock,
    /// a resolution stops them, and a reopening resumes them without counting the time it was resolved.
    public func applying(_ notice: TicketNotice) -> SLAFacts {
        var facts = self
        let at = max(notice.at, openedAt)
        switch notice.change {
        case .opened, .assigned, .priorityChanged:
            break
        case .replied:
            if facts.firstReplyAt == nil { facts.firstReplyAt = at }
            facts.awaitingReplySince = nil
        case .customerMessage:
            if facts.firstReplyAt != nil, facts.awaitingReplySince == nil, facts.resolvedAt == nil { facts.awaitingReplySince = at }
        case .statusChanged:
            let isDone = Self.doneStatuses.contains(notice.status)
            if notice.status == Self.waitingStatus, !isDone {
                if facts.pausedSince == nil, facts.resolvedAt == nil { facts.pausedSince = at }
            } else {
                facts.resume(at: at)
            }
            if isDone {
                if facts.resolvedAt == nil { facts.resolvedAt = at }
            } else if let resolvedAt = facts.resolvedAt {
                // Reopened: the time it stood resolved does not count.
                facts.pauses.append(DateInterval(start: resolvedAt, end: max(at, resolvedAt)))
                facts.resolvedAt = nil
                if notice.status == Self.waitingStatus { facts.pausedSince = at }
            }
        }
        return facts
    }

    /// Ends a pause in progress.
    mutating func resume(at: Date) {
        guard let since = pausedSince else { return }
        pauses.append(DateInterval(start: since, end: max(at, since)))
        pausedSince = nil
        pauses = SLAClock.mergedPauses(SLAFacts(openedAt: openedAt, pauses: pauses), now: at)
    }
}
