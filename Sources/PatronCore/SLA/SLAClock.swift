import Foundation

public enum SLATargetKind: String, CaseIterable, Codable, Sendable {
    case firstResponse = "first_response"
    case nextResponse = "next_response"
    case resolution
}

/// Where one target stands.
public struct SLATarget: Sendable, Equatable, Codable {
    public enum Status: String, CaseIterable, Codable, Sendable {
        /// Counting down towards `dueAt`.
        case running
        /// Waiting on the customer: `dueAt` is nil, `remainingSeconds` is what is left when the clock resumes.
        case paused
        case met
        case breached
    }

    /// nil while paused, or for a target achieved while the clock was paused.
    public var dueAt: Date?
    public var achievedAt: Date?
    public var status: Status
    /// Business seconds left before the due time; 0 once met or breached.
    public var remainingSeconds: Int

    public init(dueAt: Date?, achievedAt: Date?, status: Status, remainingSeconds: Int) {
        self.dueAt = dueAt
        self.achievedAt = achievedAt
        self.status = status
        self.remainingSeconds = remainingSeconds
    }
}

/// What happened to a ticket, as far as its clocks care.
public struct SLAFacts: Sendable, Equatable, Codable {
    public var openedAt: Date
    public var firstReplyAt: Date?
    /// A customer's message after our last reply: the next-response clock runs from here.
    public var awaitingReplySince: Date?
    /// Finished spans waiting on the customer (and spans between a resolution and a reopening).
    public var pauses: [DateInterval]
    /// Waiting on the customer now, since then.
    public var pausedSince: Date?
    public var resolvedAt: Date?

    public init(openedAt: Date, firstReplyAt: Date? = nil, awaitingReplySince: Date? = nil, pauses: [DateInterval] = [],
                pausedSince: Date? = nil, resolvedAt: Date? = nil) {
        self.openedAt = openedAt
        self.firstReplyAt = firstReplyAt
        self.awaitingReplySince = awaitingReplySince
        self.pauses = pauses
        self.pausedSince = pausedSince
        self.resolvedAt = resolvedAt
    }
}

public struct SLAState: Sendable, Equatable, Codable {
    public var firstResponse: SLATarget
    /// nil unless a customer message awaits our reply.
    public var nextResponse: SLATarget?
    public var resolution: SLATarget

    public init(firstResponse: SLATarget, nextResponse: SLATarget?, resolution: SLATarget) {
        self.firstResponse = firstResponse
        self.nextResponse = nextResponse
        self.resolution = resolution
    }

    public func target(_ kind: SLATargetKind) -> SLATarget? {
        switch kind {
        case .firstResponse: firstResponse
        case .nextResponse: nextResponse
        case .resolution: resolution
        }
    }
}

/// The SLA clock: pure arithmetic over a ticket's facts, its policy and its calendar. Each target counts the
/// policy's business minutes from its start (opening, or the customer's message for the next response); time
/// waiting on the customer does not count (the due time moves out by the paused business time), and a
/// resolution stops every clock — a ticket resolved without a reply counts its responses at the resolution.
public enum SLAClock {
    public static func evaluate(policy: SLAPolicy, calendar: BusinessCalendar, facts: SLAFacts, now: Date) -> SLAState {
        let pauses = mergedPauses(facts, now: now)
        let first = target(seconds: policy.firstResponseMinutes * 60, from: facts.openedAt,
                           achievedAt: facts.firstReplyAt ?? facts.resolvedAt, pauses: pauses, calendar: calendar, now: now)
        let next = facts.awaitingReplySince.map {
            target(seconds: policy.nextResponseMinutes * 60, from: $0, achievedAt: facts.resolvedAt, pauses: pauses, calendar: calendar, now: now)
        }
        let resolution = target(seconds: policy.resolutionMinutes * 60, from: facts.openedAt, achievedAt: facts.resolvedAt,
                                pauses: pauses, calendar: calendar, now: now)
        return SLAState(firstResponse: first, nextResponse: next, resolution: resolution)
    }

    /// Pauses in order without overlaps; the open one runs to `distantFuture`.
    static func mergedPauses(_ facts: SLAFacts, now: Date) -> [DateInterval] {
        var all = facts.pauses
        if let since = facts.pausedSince { all.append(DateInterval(start: since, end: .distantFuture)) }
        var merged: [DateInterval] = []
        for pause in all.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, pause.start <= last.end {
                merged[merged.count - 1] = DateInterval(start: last.start, end: max(last.end, pause.end))
            } else {
                merged.append(pause)
            }
        }
        return merged
    }

    static func target(seconds: Int, from start: Date, achievedAt: Date?, pauses: [DateInterval], calendar: BusinessCalendar,
                       now: Date) -> SLATarget {
        // Walk from the start to the due time, stepping over every pause that begins before the time is used up.
        var remaining = seconds
        var cursor = start
        var dueAt: Date?
        for pause in pauses where pause.end > cursor {
            let available = pause.start > cursor ? calendar.businessSeconds(from: cursor, to: pause.start) : 0
            if available >= remaining {
                dueAt = calendar.addingBusinessTime(remaining, to: cursor)
                break
            }
            remaining -= available
            cursor = max(cursor, pause.end)
        }
        if dueAt == nil, cursor < .distantFuture { dueAt = calendar.addingBusinessTime(remaining, to: cursor) }

        if let achievedAt {
            guard let dueAt else { return SLATarget(dueAt: nil, achievedAt: achievedAt, status: .met, remainingSeconds: 0) }
            return SLATarget(dueAt: dueAt, achievedAt: achievedAt, status: achievedAt <= dueAt ? .met : .breached, remainingSeconds: 0)
        }
        guard let dueAt else {
            // Paused now, with `remaining` still to run once the customer answers.
            return SLATarget(dueAt: nil, achievedAt: nil, status: .paused, remainingSeconds: remaining)
        }
        if now >= dueAt { return SLATarget(dueAt: dueAt, achievedAt: nil, status: .breached, remainingSeconds: 0) }
        return SLATarget(dueAt: dueAt, achievedAt: nil, status: .running, remainingSeconds: calendar.businessSeconds(from: now, to: dueAt))
    }
}
