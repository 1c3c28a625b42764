import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// Tickets as agents and the other modules use them: routing, the lifecycle with its refusals, replies that go
/// out only with consent, the notices the SLA clock follows, follow-ups from low survey scores, and the
/// data-subject rules.
struct TicketTests {
    static let system = Caller.system("ticket test")

    /// Collects what a subscriber or the gateway is handed.
    final class Recorder: DomainEventSubscriber, MessageGateway, @unchecked Sendable {
        private let lock = NSLock()
        private var _notices: [TicketNotice] = []
        private var _sent: [OutboundMessage] = []
        var notices: [TicketNotice] { lock.withLock { _notices } }
        var sent: [OutboundMessage] { lock.withLock { _sent } }

        func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
            lock.withLock { for case .ticketChanged(let notice) in events { _notices.append(notice) } }
        }

        func send(_ message: OutboundMessage) async throws -> MessageReceipt {
            lock.withLock { _sent.append(message) }
            return MessageReceipt(messageId: message.id, reference: "test-\(message.id)", sentAt: Date())
        }
    }

    struct World {
        let services: PatronServices
        let tickets: TicketService
        let recorder: Recorder
        let database: Database
        let store: Store
        let customer: Customer
    }

    static func world(_ database: Database) async throws -> World {
        let cipher = try await FieldCipher.load(.random(), database: database)
        let recorder = Recorder()
        let services = try await PatronServices(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4),
                                                signIn: .init(addresses: nil), gateway: recorder)
        let tickets = TicketService(tickets: SQLTicketRepository(database, cipher: cipher, events: DomainEvents([recorder])),
                                    stores: SQLStoreRepository(database), customers: SQLCustomerRepository(database, cipher: cipher),
                                    staff: SQLStaffRepository(database), orders: SQLOrderRepository(database),
                                    interactions: SQLInteractionRepository(database, cipher: cipher), gateway: recorder)
        let store = try await services.stores.create(Store(code: "SH-01", name: "南京路店", city: "上海", region: "华东"), by: system, requestId: nil)
        guard case .created(let customer) = try await services.customers.create(
            CustomerDraft(name: "陈静", mobile: "13812345678", email: "chen@example.com", sourceChannel: .store), upsert: false,
            by: system, requestId: nil) else { throw Failure() }
        return World(services: services, tickets: tickets, recorder: recorder, database: database, store: store, customer: customer)
    }

    struct Failure: Error {}

    static func draft(_ w: World, kind: Ticket.Kind = .complaint, channel: Interaction.Channel = .hotline, category: String? = nil) -> TicketDraft {
        TicketDraft(kind: kind, channel: channel, customerId: w.customer.id, storeId: w.store.id, subject: "鞋子开胶",
                    description: "买了两周鞋底开胶，要求换货", category: category)
    }

    @Test func routingRulesDecideTheQueueFirstMatchWinsAndTheDefaultIsCustomerService() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            _ = try await w.tickets.saveRoutingRules([
                TicketRoutingRule(kind: .repair, queue: .storeManagement),
                TicketRoutingRule(category: "物流", queue: .purchasing),
                TicketRoutingRule(category: "物流", channel: .hotline, queue: .sales),
            ], by: Self.system, requestId: nil)
            #expect(try await w.tickets.open(Self.draft(w, kind: .repair), by: Self.system, requestId: nil).queue == .storeManagement)
            #expect(try await w.tickets.open(Self.draft(w, category: "物流"), by: Self.system, requestId: nil).queue == .purchasing)
            let plain = try await w.tickets.open(Self.draft(w), by: Self.system, requestId: nil)
            #expect(plain.queue == .customerService && plain.status == .new && plain.priority == .normal)
            #expect(try await w.tickets.routingRules(by: Self.system).count == 3)
            await #expect(throws: PatronError.self) {
                _ = try await w.tickets.saveRoutingRules([TicketRoutingRule(queue: .administration)], by: Self.system, requestId: nil)
            }
        }
    }

    @Test func theLifecycleRefusesSkipsAndNeedsAResolutionCode() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            let ticket = try await w.tickets.open(Self.draft(w), by: Self.system, requestId: nil)
            await #expect(throws: PatronError.conflict(field: "status", message: "a ticket cannot move from new to closed; from new it can move to assigned, in_progress, waiting_on_customer, resolved")) {
                _ = try await w.tickets.transition(ticket.id, to: .closed, resolution: nil, by: Self.system, requestId: nil)
            }
            await #expect(throws: PatronError.self) {
                _ = try await w.tickets.transition(ticket.id, to: .resolved, resolution: nil, by: Self.system, requestId: nil)
            }
            _ = try await w.tickets.transition(ticket.id, to: .inProgress, resolution: nil, by: Self.system, requestId: nil)
            _ = try await w.tickets.transition(ticket.id, to: .waitingOnCustomer, resolution: nil, by: Self.system, requestId: nil)
            let resolved = try await w.tickets.transition(ticket.id, to: .resolved, resolution: .exchange, by: Self.system, requestId: nil)
            #expect(resolved.resolutionCode == .exchange && resolved.resolvedAt != nil)
            let closed = try await w.tickets.transition(ticket.id, to: .closed, resolution: nil, by: Self.system, requestId: nil)
            #expect(closed.status == .closed)
            let reopened = try await w.tickets.reopen(ticket.id, by: Self.system, requestId: nil)
            #expect(reopened.status == .inProgress && reopened.resolutionCode == nil && reopened.closedAt == nil)
            await #expect(throws: PatronError.self) { _ = try await w.tickets.reopen(ticket.id, by: Self.system, requestId: nil) }

            let statuses = w.recorder.notices.filter { $0.change == .statusChanged }.map { "\($0.previousStatus ?? "")>\($0.status)" }
            #expect(statuses == ["new>in_progress", "in_progress>waiting_on_customer", "waiting_on_customer>resolved", "resolved>closed", "closed>in_progress"])
            #expect(w.recorder.notices.first?.change == .opened && w.recorder.notices.first?.queue == "customer_service")
            let actions = try await w.tickets.history(of: ticket.id, by: Self.system).map(\.action)
            #expect(actions.first == .opened && actions.contains(.reopened))
        }
    }

    @Test func assigningMovesANewTicketAndTheNoticeNamesTheAssignee() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            let agent = try await w.services.staff.create(.init(username: "agent.li", displayName: "李客服", department: .customerService,
                                                                homeStoreId: nil, roles: ["customer_service_agent"], password: "a-long-test-password"),
                                                          by: Self.system, requestId: nil)
            let ticket = try await w.tickets.open(Self.draft(w), by: Self.system, requestId: nil)
            let assigned = try await w.tickets.assign(ticket.id, to: agent.id, by: Self.system, requestId: nil)
            #expect(assigned.status == .assigned && assigned.assigneeId == agent.id)
            #expect(w.recorder.notices.last?.change == .assigned && w.recorder.notices.last?.assigneeId == agent.id)
            let moved = try await w.tickets.update(ticket.id, TicketChange(priority: .urgent, category: "质量", queue: .purchasing), by: Self.system, requestId: nil)
            #expect(moved.queue == .purchasing && moved.priority == .urgent && moved.category == "质量" && moved.version == 3)
            let queue = try await w.tickets.list(TicketFilter(queue: .purchasing, statuses: TicketFilter.openStatuses), page: try PageRequest(limit: 10), by: Self.system)
            #expect(queue.items.map(\.id) == [ticket.id])
        }
    }

    @Test func aReplyGoesOutOnlyWithConsentAndIsKeptEitherWay() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            let ticket = try await w.tickets.open(Self.draft(w, channel: .email), by: Self.system, requestId: nil)
            let withheld = try await w.tickets.reply(to: ticket.id, body: "您好，我们已安排换货。", by: Self.system, requestId: nil)
            #expect(withheld.delivery?.outcome == .noConsent && w.recorder.sent.isEmpty)
            _ = try await w.services.customers.recordConsent(w.customer.id, channel: .email, granted: true, source: "test", by: Self.system, requestId: nil)
            let sent = try await w.tickets.reply(to: ticket.id, body: "快递单号已发送。", by: Self.system, requestId: nil)
            #expect(sent.delivery?.outcome == .sent && sent.delivery?.channel == .email)
            #expect(w.recorder.sent.map(\.recipient) == ["chen@example.com"])
            _ = try await w.tickets.note(on: ticket.id, body: "仓库确认有货", by: Self.system, requestId: nil)
            let thread = try await w.tickets.messages(of: ticket.id, by: Self.system)
            #expect(thread.map(\.kind) == [.reply, .reply, .note])
            #expect(thread.last?.body == "仓库确认有货")
            #expect(w.recorder.sent.count == 1)
            #expect(w.recorder.notices.filter { $0.change == .replied }.count == 2)
            #expect(try await w.tickets.find(ticket.id, by: Self.system).firstRepliedAt == withheld.at)
        }
    }

    /// Agents replying at the same moment: every message the gateway sent is in the thread, none answers a
    /// conflict, and the ticket's version counts each write once.
    @Test func concurrentRepliesAreAllSentAndAllKept() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            _ = try await w.services.customers.recordConsent(w.customer.id, channel: .sms, granted: true, source: "test", by: Self.system, requestId: nil)
            let ticket = try await w.tickets.open(Self.draft(w), by: Self.system, requestId: nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...8 {
                    group.addTask { _ = try await w.tickets.reply(to: ticket.id, body: "回复 \(index)", by: Self.system, requestId: nil) }
                }
                try await group.waitForAll()
            }
            let thread = try await w.tickets.messages(of: ticket.id, by: Self.system)
            #expect(Set(thread.map(\.body)) == Set((1...8).map { "回复 \($0)" }))
            #expect(w.recorder.sent.count == 8)
            #expect(try await w.tickets.find(ticket.id, by: Self.system).version == ticket.version + 8)
        }
    }

    @Test func aLowSurveyScoreOpensAFollowUpComplaint() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            let surveyed = try await w.tickets.open(Self.draft(w, channel: .wechat), by: Self.system, requestId: nil)
            for low in [true, false] {
                let notice = SurveyAnswerNotice(answerId: UUID(), invitationId: UUID(), customerId: w.customer.id, storeId: w.store.id,
                                                ticketId: surveyed.id, orderId: nil, lowScore: low, scoreSummary: "CSAT 1/5", at: Date())
                try await database.transaction { sql in try await DomainEvents.standard.publish(.surveyAnswered(notice), on: sql) }
            }
            let all = try await w.tickets.list(TicketFilter(customerId: w.customer.id), page: try PageRequest(limit: 10), by: Self.system).items
            #expect(all.count == 2)
            let followUp = try #require(all.first { $0.id != surveyed.id })
            #expect(followUp.kind == .complaint && followUp.priority == .high && followUp.channel == .wechat && followUp.subject == "CSAT 1/5")
        }
    }

    @Test func anInboundMessageTakesAWaitingTicketBackIntoProgress() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            let ticket = try await w.tickets.open(Self.draft(w), by: Self.system, requestId: nil)
            _ = try await w.tickets.transition(ticket.id, to: .waitingOnCustomer, resolution: nil, by: Self.system, requestId: nil)
            _ = try await w.services.interactions.log(Interaction(channel: .hotline, direction: .inbound, kind: .followUp, subject: "客户回电",
                                                                  customerId: w.customer.id, occurredAt: Date(), ticketId: ticket.id),
                                                      by: Self.system, requestId: nil)
            let now = try await w.tickets.find(ticket.id, by: Self.system)
            #expect(now.status == .inProgress && now.version == 3)
            let actions = try await w.tickets.history(of: ticket.id, by: Self.system).map(\.action)
            #expect(Set(actions.suffix(2)) == [.customerMessage, .statusChanged])
        }
    }

    @Test func ticketsFollowMergeAndEraseKeepsTheRowWithoutText() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            guard case .created(let duplicate) = try await w.services.customers.create(
                CustomerDraft(name: "陈静", mobile: "13812340000", sourceChannel: .app), upsert: false, by: Self.system, requestId: nil) else { throw Failure() }
            var draft = Self.draft(w)
            draft.customerId = duplicate.id
            draft.attachments = [.init(name: "鞋底.jpg", reference: "https://files.example.com/1")]
            let ticket = try await w.tickets.open(draft, by: Self.system, requestId: nil)
            _ = try await w.tickets.reply(to: ticket.id, body: "请寄回鞋子", by: Self.system, requestId: nil)
            _ = try await w.services.customers.merge(duplicate: duplicate.id, into: w.customer.id, by: Self.system, requestId: nil)
            #expect(try await w.tickets.find(ticket.id, by: Self.system).customerId == w.customer.id)
            let export = try await w.services.customers.export(w.customer.id, by: Self.system, requestId: nil)
            let record = try #require(export.sections[.tickets]?.first)
            #expect(record.fields["description"] == .text("买了两周鞋底开胶，要求换货") && record.fields["replies[0].body"] == .text("请寄回鞋子"))

            let timeline = try await SQLTicketTimeline(database).entries(of: w.customer.id, before: nil, limit: 10)
            #expect(timeline.map(\.id) == [ticket.id.uuidString.lowercased()] && timeline.first?.summary == "鞋子开胶")

            try await w.services.customers.erase(w.customer.id, reason: "data subject request", by: Self.system, requestId: nil)
            let erased = try await w.tickets.find(ticket.id, by: Self.system)
            #expect(erased.subject.isEmpty && erased.description.isEmpty && erased.attachments.isEmpty)
            #expect(erased.kind == .complaint && erased.createdAt == ticket.createdAt)
            #expect(try await w.tickets.messages(of: ticket.id, by: Self.system).allSatisfy { $0.body.isEmpty })
        }
    }

    @Test func anSLABreachEscalatesTheTicketOnce() async throws {
        try await TestDatabase.with { database in
            let w = try await Self.world(database)
            let ticket = try await w.services.tickets.open(Self.draft(w, channel: .email), by: Self.system, requestId: nil)
            let run = try await w.services.sla.recordBreaches(at: Date().addingTimeInterval(30 * 86_400), by: Self.system)
            #expect(run.escalated >= 1 && run.failed == 0)
            let escalated = try await w.tickets.find(ticket.id, by: Self.system)
            #expect(escalated.escalated && escalated.priority > ticket.priority)
            let history = try await w.tickets.history(of: ticket.id, by: Self.system)
            #expect(history.contains { $0.action == .escalated && $0.to?.hasPrefix("sla_breach:") == true })
            let supervisorView = try await w.tickets.list(TicketFilter(escalatedOnly: true), page: try PageRequest(limit: 10), by: Self.system)
            #expect(supervisorView.items.map(\.id) == [ticket.id])
        }
    }

    @Test func tierBenefitsRaisePriority() {
        let ticket = Ticket(kind: .inquiry, priority: .normal, channel: .app, subject: "s", description: "")
        #expect(TicketRouting.prepare(ticket, explicitQueue: false, rules: [], tierBoost: 1).priority == .high)
        #expect(TicketRouting.prepare(ticket, explicitQueue: false, rules: [], tierBoost: 9).priority == .urgent)
        #expect(Ticket.Priority.low.raised(by: 0) == .low)
    }
}
