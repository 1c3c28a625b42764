import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// The SLA clock driven by ticket notices through the domain events, on the seeded service-centre calendar
/// (Mon–Fri 09–12 and 13–18, Sat 10–16, Asia/Shanghai) and the default policies: any channel · normal is
/// 240 / 240 / 2,400 business minutes, WeChat · normal 15 / 15 / 1,440, any channel · high 120 / 120 / 960.
struct SLATrackingTests {
    static let system = Caller.system("SLA test")

    /// Records every escalation it is asked for.
    actor Escalations: TicketEscalator {
        var calls: [(UUID, SLATargetKind, Date)] = []
        nonisolated func escalate(ticket: UUID, target: SLATargetKind, at: Date) async throws {
            await record(ticket, target, at)
        }
        func record(_ ticket: UUID, _ target: SLATargetKind, _ at: Date) { calls.append((ticket, target, at)) }
        var count: Int { calls.count }
    }

    func local(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    func services(_ database: Database, escalator: (any TicketEscalator)? = nil) async throws -> PatronServices {
        try await PatronServices(database: database, cipher: FieldCipher(.random()), hasher: BcryptPasswordHasher(cost: 4),
                                 signIn: .init(addresses: nil), escalator: escalator)
    }

    func publish(_ database: Database, _ ticket: UUID, _ change: TicketNotice.Change, at: String, channel: String = "email",
                 priority: String = "normal", status: String = "in_progress", previous: String? = nil, store: Store.ID? = nil,
                 queue: String? = "customer_service") async throws {
        let notice = TicketNotice(ticketId: ticket, change: change, customerId: nil, storeId: store, kind: "complaint", channel: channel,
                                  priority: priority, status: status, previousStatus: previous, queue: queue, at: local(at))
        try await database.transaction { sql in try await DomainEvents.standard.publish(.ticketChanged(notice), on: sql) }
    }

    func state(_ services: PatronServices, _ ticket: UUID, at: String) async throws -> TicketSLA {
        let states = try await services.sla.states(of: [ticket], at: local(at), by: Self.system)
        return try #require(states.first)
    }

    @Test func anOpenedTicketTakesItsPolicysDueTimes() async throws {
        try await TestDatabase.with { database in
            let services = try await services(database)
            // E-mail, normal, opened Mon 2026-11-02 09:00: first response 4 h → 09–12 + 13–14 → 14:00; resolution 40 h
            // → Mon–Fri 8 h a day → Fri 2026-11-06 18:00.
            let email = UUID()
            try await publish(database, email, .opened, at: "2026-11-02 09:00", status: "new")
            let record = try await state(services, email, at: "2026-11-02 10:00")
            #expect(record.state?.firstResponse == SLATarget(dueAt: local("2026-11-02 14:00"), achievedAt: nil, status: .running,
                                                             remainingSeconds: 3 * 3_600))
            #expect(record.state?.resolution.dueAt == local("2026-11-06 18:00"))
            #expect(record.calendarCode == "service_centre")

            // WeChat is tighter: opened Mon 11:50, 15 min → 11:50–12:00 + 13:00–13:05 → 13:05.
            let chat = UUID()
            try await publish(database, chat, .opened, at: "2026-11-02 11:50", channel: "wechat", status: "new")
            #expect(try await state(services, chat, at: "2026-11-02 12:00").state?.firstResponse.dueAt == local("2026-11-02 13:05"))

            // A store with its own calendar (every day 10:00–22:00): opened Mon 21:00 in the store, 4 h → 21–22 + Tue
            // 10–13 → Tue 13:00.
            let store = try await services.stores.create(Store(code: "SLA-1", name: "测试店", city: "上海", region: "华东"), by: Self.system, requestId: nil)
            let hours = BusinessCalendar(code: "store_sla-1", name: "Store", storeId: store.id, timeZone: "Asia/Shanghai",
                                         weeklyHours: (1...7).map { .init(weekday: $0, spans: [try! OpeningSpan("10:00", "22:00")]) })
            #expect(try await services.sla.saveCalendar(hours, by: Self.system, requestId: nil))
            let inStore = UUID()
            try await publish(database, inStore, .opened, at: "2026-11-02 21:00", channel: "store", status: "new", store: store.id)
            let stored = try await state(services, inStore, at: "2026-11-02 21:30")
            #expect(stored.state?.firstResponse.dueAt == local("2026-11-03 13:00"))
            #expect(stored.calendarCode == "store_sla-1")
        }
    }

    @Test func waitingOnTheCustomerPausesAndResolutionStops() async throws {
        try await TestDatabase.with { database in
            let services = try await services(database)
            let ticket = UUID()
            try await publish(database, ticket, .opened, at: "2026-11-02 09:00", status: "new")
            try await publish(database, ticket, .replied, at: "2026-11-02 09:30")
            try await publish(database, ticket, .statusChanged, at: "2026-11-02 10:00", status: "waiting_on_customer", previous: "in_progress")
            // Paused with 40 h − 1 h = 39 h = 140,400 s left and no due time.
            let paused = try await state(services, ticket, at: "2026-11-02 15:00")
            #expect(paused.state?.firstResponse.status == .met)
            #expect(paused.state?.resolution == SLATarget(dueAt: nil, achievedAt: nil, status: .paused, remainingSeconds: 140_400))

            // Back Tue 10:00: the pause held Mon 10–12, 13–18 and Tue 09–10 = 8 h, so the due time moves from Fri 18:00 by 8 h
            // of business time: Sat 10–16 (6 h), Mon 09–11 (2 h) → Mon 2026-11-09 11:00.
            try await publish(database, ticket, .statusChanged, at: "2026-11-03 10:00", status: "in_progress", previous: "waiting_on_customer")
            #expect(try await state(services, ticket, at: "2026-11-03 11:00").state?.resolution.dueAt == local("2026-11-09 11:00"))

            // The customer writes Tue 17:50: next response 4 h → 17:50–18:00, Wed 09–12, 13:00–13:50 → Wed 13:50.
            try await publish(database, ticket, .customerMessage, at: "2026-11-03 17:50")
            #expect(try await state(services, ticket, at: "2026-11-03 17:55").state?.nextResponse?.dueAt == local("2026-11-04 13:50"))
            try await publish(database, ticket, .replied, at: "2026-11-04 09:05")
            #expect(try await state(services, ticket, at: "2026-11-04 09:10").state?.nextResponse == nil)

            try await publish(database, ticket, .statusChanged, at: "2026-11-05 12:00", status: "resolved", previous: "in_progress")
            let resolved = try await state(services, ticket, at: "2026-12-01 09:00")
            #expect(resolved.state?.resolution.status == .met)
            #expect(resolved.state?.resolution.achievedAt == local("2026-11-05 12:00"))

            // Reopened Fri 09:00 after standing resolved Thu 12–18 (5 h) and Fri until 09:00: the due time moves by those 5 h
            // from Mon 11:00 → Mon 11–12, 13–17 → Mon 2026-11-09 17:00.
            try await publish(database, ticket, .statusChanged, at: "2026-11-06 09:00", status: "in_progress", previous: "resolved")
            let reopened = try await state(services, ticket, at: "2026-11-06 10:00")
            #expect(reopened.state?.resolution.status == .running)
            #expect(reopened.state?.resolution.dueAt == local("2026-11-09 17:00"))
        }
    }

    @Test func aBreachIsRecordedAndEscalatedOnce() async throws {
        try await TestDatabase.with { database in
            let escalations = Escalations()
            let services = try await services(database, escalator: escalations)
            let ticket = UUID()
            let other = UUID()
            try await publish(database, ticket, .opened, at: "2026-11-02 09:00", status: "new")
            try await publish(database, other, .opened, at: "2026-11-02 09:00", status: "new")
            try await publish(database, other, .replied, at: "2026-11-02 13:59")

            // Before the 14:00 due time nothing is breached.
            #expect(try await services.sla.recordBreaches(at: local("2026-11-02 13:59"), by: Self.system) == SLABreachRun())
            #expect(try await services.sla.recordBreaches(at: local("2026-11-02 14:00"), by: Self.system)
                == SLABreachRun(breached: 1, escalated: 1, failed: 0))
            let calls = await escalations.calls
            #expect(calls.count == 1)
            #expect(calls.first?.0 == ticket)
            #expect(calls.first?.1 == .firstResponse)

            // Later runs find nothing new.
            #expect(try await services.sla.recordBreaches(at: local("2026-11-02 14:01"), by: Self.system) == SLABreachRun())
            // The ticket module raises the priority: the high policy's first response (2 h, due 11:00) is breached too,
            // but it is the same breach and is not escalated again.
            try await publish(database, ticket, .priorityChanged, at: "2026-11-02 14:02", priority: "high")
            #expect(try await services.sla.recordBreaches(at: local("2026-11-02 14:03"), by: Self.system) == SLABreachRun())
            #expect(await escalations.count == 1)

            let record = try await state(services, ticket, at: "2026-11-02 14:05")
            #expect(record.breachedAt == local("2026-11-02 14:00"))
            #expect(record.escalated)
            #expect(record.priority == .high)
            #expect(record.state?.firstResponse.dueAt == local("2026-11-02 11:00"))
            #expect(try await state(services, other, at: "2026-11-02 14:05").breachedAt == nil)

            // The job is registered and reports counts.
            #expect(try await services.jobs.list(by: Self.system).contains { $0.name == "tickets.sla_breaches" })
        }
    }

    @Test func withoutAnEscalatorBreachesWaitAndFailuresAreRetried() async throws {
        try await TestDatabase.with { database in
            let services = try await services(database)
            let ticket = UUID()
            try await publish(database, ticket, .opened, at: "2026-11-02 09:00", status: "new")
            #expect(try await services.sla.recordBreaches(at: local("2026-11-02 15:00"), by: Self.system) == SLABreachRun(breached: 1))
            #expect(try await state(services, ticket, at: "2026-11-02 15:00").escalated == false)

            struct Down: TicketEscalator {
                struct Failure: Error {}
                func escalate(ticket: UUID, target: SLATargetKind, at: Date) async throws { throw Failure() }
            }
            let failing = try await self.services(database, escalator: Down())
            #expect(try await failing.sla.recordBreaches(at: local("2026-11-02 15:01"), by: Self.system) == SLABreachRun(failed: 1))
            let escalations = Escalations()
            let working = try await self.services(database, escalator: escalations)
            #expect(try await working.sla.recordBreaches(at: local("2026-11-02 15:02"), by: Self.system) == SLABreachRun(escalated: 1))
            #expect(await escalations.count == 1)
        }
    }

    @Test func theReportCountsMetAndBreachedByGroup() async throws {
        try await TestDatabase.with { database in
            let services = try await services(database)
            let store = try await services.stores.create(Store(code: "SLA-R", name: "报表店", city: "上海", region: "华东"), by: Self.system, requestId: nil)
            // T1 e-mail: replied and resolved within target. T2 WeChat: resolved at 10:00 without a reply, after its 09:15
            // first-response due time (breached, no escalation needed). T3 e-mail in the store: replied, still open.
            let (t1, t2, t3) = (UUID(), UUID(), UUID())
            try await publish(database, t1, .opened, at: "2026-11-02 09:00", status: "new")
            try await publish(database, t1, .replied, at: "2026-11-02 09:30")
            try await publish(database, t1, .statusChanged, at: "2026-11-02 17:00", status: "resolved", previous: "in_progress")
            try await publish(database, t2, .opened, at: "2026-11-02 09:00", channel: "wechat", status: "new")
            try await publish(database, t2, .statusChanged, at: "2026-11-02 10:00", channel: "wechat", status: "resolved", previous: "new")
            try await publish(database, t3, .opened, at: "2026-11-02 09:00", status: "new", store: store.id)
            try await publish(database, t3, .replied, at: "2026-11-02 10:00", store: store.id)

            let (from, to) = (local("2026-11-02 00:00"), local("2026-11-03 00:00"))
            let shanghai = TimeZone(identifier: "Asia/Shanghai")!
            let byChannel = try await services.sla.report(from: from, to: to, groupBy: .channel, timeZone: shanghai, by: Self.system)
            // E-mail: 2 tickets, both first responses met, 1 resolution met, none breached; known outcomes 1 → 100 %.
            // WeChat: 1 ticket, resolution met (10:00 before its due) but breached: known 1, met 0 → 0 %.
            #expect(byChannel.groups == [
                SLAReport.Group(key: "email", tickets: 2, firstResponseMet: 2, resolutionMet: 1, breached: 0, metPercent: 100),
                SLAReport.Group(key: "wechat", tickets: 1, firstResponseMet: 0, resolutionMet: 1, breached: 1, metPercent: 0),
            ])
            // By day: 3 tickets, known outcomes T1 and T2, one breached → 50 %.
            let byDay = try await services.sla.report(from: from, to: to, groupBy: .period(.day), timeZone: shanghai, by: Self.system)
            #expect(byDay.groups == [SLAReport.Group(key: "2026-11-02", tickets: 3, firstResponseMet: 2, resolutionMet: 2, breached: 1, metPercent: 50)])

            // A reader scoped to the store sees only its ticket.
            let agent = Caller(identity: .staff(StaffMember(username: "sla.agent", displayName: "客服", department: .customerService, homeStoreId: store.id)),
                               grants: Grants(everywhere: [], inHomeStore: [.ticketsRead], homeStoreId: store.id))
            let own = try await services.sla.report(from: from, to: to, groupBy: .store, timeZone: shanghai, by: agent)
            #expect(own.groups == [SLAReport.Group(key: store.id.uuidString.lowercased(), tickets: 1, firstResponseMet: 1)])
            #expect(try await services.sla.states(of: [t1, t2, t3], at: to, by: agent).map(\.ticketId) == [t3])
            await #expect(throws: PatronError.self) {
                try await services.sla.report(from: to, to: from, groupBy: .store, timeZone: shanghai, by: Self.system)
            }
        }
    }

    @Test func settingsAreValidatedAndAudited() async throws {
        try await TestDatabase.with { database in
            let services = try await services(database)
            #expect(try await services.sla.policies(by: Self.system).count == SLADefaults.policies.count)
            #expect(try await services.sla.calendar("service_centre", by: Self.system) == SLADefaults.serviceCentre)

            // One policy per channel and priority.
            var duplicate = SLADefaults.policies[1]
            duplicate.id = UUID()
            await #expect(throws: PatronError.conflict(field: "priority", message: "a policy for any channel and priority normal already exists")) {
                try await services.sla.savePolicy(duplicate, by: Self.system, requestId: nil)
            }
            var email = duplicate
            email.channel = "email"
            email.calendarCode = "night"
            await #expect(throws: PatronError.invalid(field: "calendarCode", message: "there is no service calendar night")) {
                try await services.sla.savePolicy(email, by: Self.system, requestId: nil)
            }
            let night = BusinessCalendar(code: "night", name: "Night", timeZone: "Asia/Shanghai",
                                         weeklyHours: [.init(weekday: 5, spans: [try OpeningSpan("22:00", "06:00")])])
            #expect(try await services.sla.saveCalendar(night, by: Self.system, requestId: "r-1"))
            #expect(try await services.sla.savePolicy(email, by: Self.system, requestId: nil))
            #expect(try await services.sla.saveCalendar(night, by: Self.system, requestId: nil) == false)
            await #expect(throws: PatronError.self) { try await services.sla.deleteCalendar("night", by: Self.system, requestId: nil) }
            try await services.sla.deletePolicy(email.id, by: Self.system, requestId: nil)
            try await services.sla.deleteCalendar("night", by: Self.system, requestId: nil)
            await #expect(throws: PatronError.notFound(resource: "service calendar", id: "night")) {
                try await services.sla.calendar("night", by: Self.system)
            }

            let audit = try await services.audit.list(AuditFilter(resourceType: "service_calendar"), page: try PageRequest(limit: 10), by: Self.system)
            #expect(Set(audit.items.map(\.action)) == ["sla.calendar_saved", "sla.calendar_deleted"])
            #expect(audit.items.contains { $0.requestId == "r-1" && $0.resourceId == "night" })
        }
    }
}
