import Foundation

/// Decides whether a message may go to a customer now. It is a pure function of its inputs — no clock, no
/// storage — so every rule can be tested on its own and the outbox, the campaign preview and the audit trail all
/// reach the same answer. The rules run in a fixed order and the first that objects decides, so that final
/// refusals (the customer is gone, or said no) are reported ahead of mere delays:
///
/// 1. An erased customer gets nothing (`customer_erased`): their contact data is gone and must stay unused.
/// 2. A merged customer gets nothing (`customer_merged`); the caller re-targets the survivor, whose own consent
///    and history then apply.
/// 3. No address for the channel (`no_address`).
/// 4. Consent for the purpose on that channel: marketing and service need a grant in force (`no_consent` when
///    the customer never answered, `consent_withdrawn` when they said no). Transactional messages need none, since
///    the customer's own action asked for them, but a transactional withdrawal on the channel stops them while
///    `transactionalHonoursWithdrawal` is on.
/// 5. One greeting per birthday, on any channel (`birthday_already_greeted`): none within 300 days of another,
///    sent or queued, so a customer with several addresses, or a re-run, never gets two. Not one per calendar
///    year: a lunar birthday late in the twelfth month falls twice in some Gregorian years (lunar 12/1 on
///    2024-01-11 and 2024-12-31) and not at all in the next, while two occurrences of one birthday are always
///    more than 350 days apart.
/// 6. The frequency cap of the purpose, over a rolling window of that purpose's messages on all channels: a cap
///    of 0 suppresses (`cap_zero`); a reached cap holds until the oldest message leaves the window, which frees a
///    slot (`frequency_cap`). Transactional messages are never capped.
/// 7. Quiet hours, for the configured purposes, in the customer's zone, else their store's, else the chain's: a
///    message inside them is held until they end (`quiet_hours`).
public struct SuppressionPolicy: Sendable, Equatable {
    public var rules: ContactRules

    public init(rules: ContactRules = .defaults) {
        self.rules = rules
    }

    public func decide(_ candidate: MessageCandidate, recipient: RecipientState, consents: PurposeConsents,
                       history: ContactHistory, now: Date) -> SuppressionDecision {
        if recipient.isErased { return .suppress(.customerErased) }
        if recipient.mergedInto != nil { return .suppress(.customerMerged) }
        if !recipient.hasAddress { return .suppress(.noAddress) }
        if let reason = consentObjection(candidate, consents: consents) { return .suppress(reason) }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = recipient.effectiveTimeZone

        if candidate.kind == .birthdayGreeting, alreadyGreeted(history, now: now) {
            return .suppress(.birthdayAlreadyGreeted)
        }
        if let decision = capDecision(candidate.purpose, history: history, now: now) { return decision }
        if rules.quietHoursApplyTo.contains(candidate.purpose), let end = quietHoursEnd(calendar: calendar, now: now) {
            return .hold(until: end, reason: .quietHours)
        }
        return .send
    }

    /// Consents recorded for another customer count as no answer at all, so a caller's mix-up fails closed.
    private func consentObjection(_ candidate: MessageCandidate, consents: PurposeConsents) -> SuppressionReason? {
        let state = consents.customerId == candidate.customerId
            ? consents.state(purpose: candidate.purpose, channel: candidate.channel)
            : .unknown
        switch (candidate.purpose, state) {
        case (.transactional, .withdrawn):
            return rules.transactionalHonoursWithdrawal ? .consentWithdrawn : nil
        case (.transactional, _), (_, .granted):
            return nil
        case (_, .withdrawn):
            return .consentWithdrawn
        case (_, .unknown):
            return .noConsent
        }
    }

    /// Two greetings closer than this belong to the same birthday.
    static let birthdayGap: TimeInterval = 300 * 86_400

    private func alreadyGreeted(_ history: ContactHistory, now: Date) -> Bool {
        history.entries.contains { $0.kind == .birthdayGreeting && abs(now.timeIntervalSince($0.at)) < Self.birthdayGap }
    }

    /// The window is (now − days, ∞): a message leaves it exactly `days` after it went, and messages queued for
    /// later already count, so that a burst of scheduled sends cannot slip past the cap.
    private func capDecision(_ purpose: MessagePurpose, history: ContactHistory, now: Date) -> SuppressionDecision? {
        guard case .atMost(let count, let days) = rules.cap(for: purpose) else { return nil }
        guard count > 0 else { return .suppress(.capZero) }
        let window = TimeInterval(days) * 86_400
        let start = now.addingTimeInterval(-window)
        let inWindow = history.entries.filter { $0.purpose == purpose && $0.at > start }.map(\.at).sorted()
        guard inWindow.count >= count else { return nil }
        let release = inWindow[inWindow.count - count].addingTimeInterval(window)
        return .hold(until: release, reason: .frequencyCap)
    }

    /// The end of the quiet period `now` falls in, or nil outside quiet hours. The end is the next time the local
    /// clock reads the end minute, found with the calendar in the customer's zone, so a day that is 23 or 25
    /// hours long moves the instant correctly; an end the clock skips on a daylight-saving day is reached when
    /// the clock jumps past it.
    private func quietHoursEnd(calendar: Calendar, now: Date) -> Date? {
        let start = rules.quietHoursStart
        let end = rules.quietHoursEnd
        guard start != end else { return nil }
        let clock = calendar.dateComponents([.hour, .minute], from: now)
        let minute = (clock.hour ?? 0) * 60 + (clock.minute ?? 0)
        let inside = start < end ? (start <= minute && minute < end) : (minute >= start || minute < end)
        guard inside else { return nil }
        let endClock = DateComponents(hour: end / 60, minute: end % 60, second: 0)
        if let next = calendar.nextDate(after: now, matching: endClock, matchingPolicy: .nextTime) { return next }
        let minutesLeft = (end - minute + 1440) % 1440
        return now.addingTimeInterval(TimeInterval(minutesLeft * 60))
    }
}
