import Foundation
import PatronCore
import Testing

/// The SLA clock on the service-centre calendar (Mon–Fri 09–12 and 13–18, Sat 10–16) with first response 60,
/// next response 30 and resolution 480 business minutes.
struct SLAClockTests {
    let centre = SLAFixtures.serviceCentre
    let policy = SLAFixtures.policy
    func local(_ text: String) -> Date { SLAFixtures.local(text) }
    func evaluate(_ facts: SLAFacts, now: String) -> SLAState {
        SLAClock.evaluate(policy: policy, calendar: centre, facts: facts, now: local(now))
    }

    @Test func targetsRunAcrossTheLunchBreakAndOvernight() {
        // Opened Mon 2026-11-02 11:30. First response: 11:30–12:00 (30 min) + 13:00–13:30 → 13:30.
        // Resolution 8 h: Mon 11:30–12 (0.5 h) + 13–18 (5 h) + Tue 09:00–11:30 (2.5 h) → Tue 11:30.
        let opened = SLAFacts(openedAt: local("2026-11-02 11:30"))
        let state = evaluate(opened, now: "2026-11-02 12:30")
        #expect(state.firstResponse == SLATarget(dueAt: local("2026-11-02 13:30"), achievedAt: nil, status: .running, remainingSeconds: 1_800))
        #expect(state.resolution.dueAt == local("2026-11-03 11:30"))
        #expect(state.nextResponse == nil)

        var replied = opened
        replied.firstReplyAt = local("2026-11-02 13:10")
        let later = evaluate(replied, now: "2026-11-02 14:00")
        #expect(later.firstResponse.status == .met)
        #expect(later.firstResponse.achievedAt == local("2026-11-02 13:10"))
        // Remaining at Mon 14:00: 14–18 (4 h) + Tue 09–11:30 (2.5 h) = 6.5 h = 23,400 s.
        #expect(later.resolution == SLATarget(dueAt: local("2026-11-03 11:30"), achievedAt: nil, status: .running, remainingSeconds: 23_400))
    }

    @Test func aMissedTargetIsBreachedWithOrWithoutALateReply() {
        let opened = SLAFacts(openedAt: local("2026-11-02 11:30"))
        // Due 13:30; at 13:31 nobody has replied.
        #expect(evaluate(opened, now: "2026-11-02 13:31").firstResponse
            == SLATarget(dueAt: local("2026-11-02 13:30"), achievedAt: nil, status: .breached, remainingSeconds: 0))
        // Exactly at the due time it is already breached: the target is "before", not "by the end of".
        #expect(evaluate(opened, now: "2026-11-02 13:30").firstResponse.status == .breached)
        var late = opened
        late.firstReplyAt = local("2026-11-02 13:45")
        #expect(evaluate(late, now: "2026-11-02 14:00").firstResponse.status == .breached)
        // A reply at 13:30 sharp meets it.
        late.firstReplyAt = local("2026-11-02 13:30")
        #expect(evaluate(late, now: "2026-11-02 14:00").firstResponse.status == .met)
    }

    @Test func waitingOnTheCustomerPausesTheClock() {
        // Opened Mon 2026-11-02 09:00, replied 09:20, waiting on the customer from Mon 10:00.
        var facts = SLAFacts(openedAt: local("2026-11-02 09:00"), firstReplyAt: local("2026-11-02 09:20"), pausedSince: local("2026-11-02 10:00"))
        // Paused: 1 h of the 8 h used (09–10), 7 h = 25,200 s left, no due time while the customer has the ball.
        let paused = evaluate(facts, now: "2026-11-02 15:00")
        #expect(paused.resolution == SLATarget(dueAt: nil, achievedAt: nil, status: .paused, remainingSeconds: 25_200))
        #expect(paused.firstResponse.status == .met)

        // The customer answers Tue 10:00. The pause held Mon 10–12 (2 h) + 13–18 (5 h) + Tue 09–10 (1 h) = 8 h of
        // business time, so the due time moves from Mon 18:00 to Tue 18:00: Tue 10–12 (2 h) + 13–18 (5 h) = 7 h.
        facts.pausedSince = nil
        facts.pauses = [DateInterval(start: local("2026-11-02 10:00"), end: local("2026-11-03 10:00"))]
        let resumed = evaluate(facts, now: "2026-11-03 17:00")
        #expect(resumed.resolution == SLATarget(dueAt: local("2026-11-03 18:00"), achievedAt: nil, status: .running, remainingSeconds: 3_600))
        #expect(evaluate(facts, now: "2026-11-03 18:00").resolution.status == .breached)
    }

    @Test func resolutionStopsTheClockAndReopeningResumesIt() {
        // Opened Mon 2026-11-02 09:00: resolution due Mon 18:00 (09–12 + 13–18 = 8 h).
        var facts = SLAFacts(openedAt: local("2026-11-02 09:00"), firstReplyAt: local("2026-11-02 09:30"), resolvedAt: local("2026-11-02 16:00"))
        // Resolved at 16:00 (09–12 and 13–16: 6 h used): met, and it stays met however late we look.
        #expect(evaluate(facts, now: "2026-12-01 09:00").resolution
            == SLATarget(dueAt: local("2026-11-02 18:00"), achievedAt: local("2026-11-02 16:00"), status: .met, remainingSeconds: 0))

        // Reopened Wed 2026-11-04 09:00: resolved-to-reopened does not count (Mon 16–18, Tue all, 10 h of business
        // time), so the 2 h left run Wed 09:00–11:00 → due Wed 11:00.
        facts.resolvedAt = nil
        facts.pauses = [DateInterval(start: local("2026-11-02 16:00"), end: local("2026-11-04 09:00"))]
        #expect(evaluate(facts, now: "2026-11-04 09:15").resolution.dueAt == local("2026-11-04 11:00"))
        facts.resolvedAt = local("2026-11-04 11:30")
        #expect(evaluate(facts, now: "2026-11-04 12:00").resolution.status == .breached)
    }

    @Test func theNextResponseRunsFromTheCustomersMessage() {
        // The customer writes Tue 2026-11-03 11:50: 30 min = 11:50–12:00 (10 min) + 13:00–13:20 → 13:20.
        let facts = SLAFacts(openedAt: local("2026-11-03 09:00"), firstReplyAt: local("2026-11-03 09:10"),
                             awaitingReplySince: local("2026-11-03 11:50"))
        #expect(evaluate(facts, now: "2026-11-03 12:30").nextResponse
            == SLATarget(dueAt: local("2026-11-03 13:20"), achievedAt: nil, status: .running, remainingSeconds: 1_200))
        #expect(evaluate(facts, now: "2026-11-03 13:25").nextResponse?.status == .breached)
    }

    @Test func holidaysAndMakeUpDaysMoveTheTargets() {
        // Opened Wed 2026-09-30 17:30: first response 17:30–18:00 (30 min), 1–7 Oct closed, Thu 8 Oct 09:00–09:30.
        let facts = SLAFacts(openedAt: local("2026-09-30 17:30"))
        let state = evaluate(facts, now: "2026-10-03 12:00")
        #expect(state.firstResponse.dueAt == local("2026-10-08 09:30"))
        #expect(state.firstResponse.status == .running)
        // Resolution 8 h: 0.5 h on the 30th, Thu 8 Oct 09–12 and 13–17:30 (7.5 h) → 17:30.
        #expect(state.resolution.dueAt == local("2026-10-08 17:30"))
        // Opened Fri 2026-10-09 17:30: resolution 0.5 h Fri + Sat 10 Oct (make-up day, Monday's hours) 09–12 and
        // 13–17:30 (7.5 h) → Sat 17:30, where an ordinary Saturday would have ended at 16:00 with 6 h.
        #expect(evaluate(SLAFacts(openedAt: local("2026-10-09 17:30")), now: "2026-10-09 18:00").resolution.dueAt == local("2026-10-10 17:30"))
    }

    @Test func policiesPickTheChannelBeforeAny() {
        let any = SLAPolicy(name: "Any", channel: nil, priority: .high, firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: 600)
        let wechat = SLAPolicy(name: "WeChat", channel: "wechat", priority: .high, firstResponseMinutes: 5, nextResponseMinutes: 5,
                               resolutionMinutes: 240)
        let low = SLAPolicy(name: "Low", channel: "wechat", priority: .low, firstResponseMinutes: 600, nextResponseMinutes: 600,
                            resolutionMinutes: 6000)
        #expect(SLAPolicy.pick(from: [any, wechat, low], channel: "wechat", priority: .high) == wechat)
        #expect(SLAPolicy.pick(from: [any, wechat, low], channel: "email", priority: .high) == any)
        #expect(SLAPolicy.pick(from: [any, wechat, low], channel: "email", priority: .urgent) == nil)

        var bad = wechat
        bad.channel = "fax"
        #expect(throws: PatronError.invalid(field: "channel", message: "the channel must be one of store, website, app, wechat, hotline, social, email, sms or absent for any")) {
            try bad.validate()
        }
        bad = wechat
        bad.resolutionMinutes = 525_601
        #expect((try? bad.validate()) == nil)
    }
}
