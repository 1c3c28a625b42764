import Foundation
import Logging
import PatronCore

/// The demo's customer service: survey templates, interactions on every channel, tickets in every status and
/// survey answers, written through the services as the system caller `demo`, so SLA clocks, survey invitations
/// and low-score follow-up tickets come from the same domain events as in real use.
///
/// Interactions and purchase surveys carry past times (the services take them); tickets, their replies and the
/// ticket surveys happen at load time, because the ticket service stamps its own clock. It scales with the
/// customer count, capped, so the 20-customer demo of the API tests stays fast.
struct DemoServiceData: Sendable {
    let services: PatronServices
    let outbox: DemoOutbox
    let caller = Caller.system("demo")

    /// What was created, for the log and the tests.
    struct Counts: Sendable, Equatable {
        var interactions = 0, tickets = 0, surveyAnswers = 0
    }

    init(database: Database, cipher: FieldCipher) async throws {
        let outbox = DemoOutbox()
        self.outbox = outbox
        // The hasher only makes the sign-in decoy of services that never sign anyone in: the cheapest cost will do.
        services = try await PatronServices(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4),
                                            signIn: .init(addresses: nil), gateway: outbox)
    }

    func load(_ data: DemoDataSet, options: DemoDataSet.Options, staff: [StaffMember]) async throws -> Counts {
        var random = SeededGenerator(seed: options.seed ^ 0x5E41_11CE)
        let now = min(Date(), options.asOf)
        _ = try await services.surveys.createTemplate(DemoServiceTexts.csatTemplate, by: caller)
        let nps = try await services.surveys.createTemplate(DemoServiceTexts.npsTemplate, by: caller)
        var counts = Counts()
        var consenting = Set<Customer.ID>()
        counts.surveyAnswers += try await purchaseSurveys(data, template: nps.id, now: now, consenting: &consenting, random: &random)
        let (interactions, ticketed) = try await interactions(data, now: now, random: &random)
        counts.interactions = interactions
        for customer in Set(ticketed.compactMap(\.customerId)).subtracting(consenting).sorted(by: { $0.uuidString < $1.uuidString }) {
            try await consent(customer)
        }
        let agent = staff.first { $0.username == "cs.agent" }?.id
        for (index, entry) in ticketed.enumerated() {
            try await ticket(entry, plan: Self.plan(index), agent: agent)
        }
        _ = try await services.surveys.sendDue(at: Date(), by: caller)
        for (index, link) in await outbox.takeSurveyTokens().enumerated() where index % 5 != 4 {
            let score = index == 1 ? 2 : random.weighted([(5, 55), (4, 30), (3, 10), (2, 5)])
            let comment = score <= 2 ? DemoServiceTexts.unhappyComments.randomElement(using: &random)! : DemoServiceTexts.happyComments.randomElement(using: &random)!
            _ = try await services.surveys.answer(token: link.token, values: ["overall": .score(score), "comment": .text(comment)])
            counts.surveyAnswers += 1
        }
        counts.tickets = ticketed.count
        return counts
    }

    // MARK: purchase surveys

    /// NPS about recent purchases, invited seven days after each and answered a day later, so the NPS trend
    /// has several weeks of history. The first few answer low, which opens follow-up tickets.
    func purchaseSurveys(_ data: DemoDataSet, template: SurveyTemplate.ID, now: Date, consenting: inout Set<Customer.ID>,
                         random: inout SeededGenerator) async throws -> Int {
        let wanted = min(60, max(4, data.customers.count / 50))
        let window = now.addingTimeInterval(-70 * 86_400)...now.addingTimeInterval(-9 * 86_400)
        var seen = Set<Customer.ID>()
        let orders = data.orders.filter { order in
            guard let customer = order.customerId, window.contains(order.occurredAt) else { return false }
            return seen.insert(customer).inserted
        }.sorted { $0.occurredAt < $1.occurredAt }
        guard !orders.isEmpty else { return 0 }
        let stride = max(1, orders.count / wanted)
        var answered = 0
        for (index, order) in orders.enumerated() where index % stride == 0 && answered < wanted {
            guard let customer = order.customerId else { continue }
            if consenting.insert(customer).inserted { try await consent(customer) }
            let invitedAt = order.occurredAt.addingTimeInterval(7 * 86_400)
            _ = try await services.surveys.invite(customer: customer, template: template,
                                                  about: SurveySubject(orderId: order.id, storeId: order.storeId, staffId: order.salesStaffId),
                                                  by: caller, now: invitedAt)
            _ = try await services.surveys.sendDue(at: invitedAt, by: caller)
            for link in await outbox.takeSurveyTokens() {
                let score = answered == 1 ? 3 : random.weighted([(10, 30), (9, 25), (8, 18), (7, 12), (6, 7), (5, 5), (3, 3)])
                let mattered = ["quality", "price", "service", "store", "delivery"].randomElement(using: &random)!
                var values: [String: SurveyValue] = ["recommend": .score(score), "mattered": .choice(mattered)]
                if score <= 6 || index % 3 == 0 {
                    values["comment"] = .text(score <= 6 ? DemoServiceTexts.unhappyComments.randomElement(using: &random)!
                                                         : DemoServiceTexts.happyComments.randomElement(using: &random)!)
                }
                _ = try await services.surveys.answer(token: link.token, values: values, now: invitedAt.addingTimeInterval(20 * 3_600))
                answered += 1
            }
        }
        return answered
    }

    /// The demo's customers agreed to SMS at sign-up; surveys go only to those who did.
    func consent(_ customer: Customer.ID) async throws {
        _ = try await services.customers.recordConsent(customer, channel: .sms, granted: true, source: "store_signup_form", by: caller, requestId: nil)
    }

    // MARK: interactions

    /// About one interaction for every ten customers (298 at most, 300 with the two unnamed callers) from about 5% of them, spread over the
    /// past 90 days, plus two callers the chain cannot name. The first ones become tickets.
    func interactions(_ data: DemoDataSet, now: Date, random: inout SeededGenerator) async throws -> (Int, [Interaction]) {
        let total = min(298, max(8, data.customers.count / 10))
        let ticketCount = min(120, max(6, data.customers.count / 25))
        let people = Array(data.customers.shuffled(using: &random).prefix(min(150, max(5, data.customers.count / 20))))
        let physical = data.stores.filter { !$0.isOnline }
        let shanghai = data.stores.first { $0.code == "SH-001" } ?? physical.first
        var batch: [Interaction] = []
        for index in 0..<total {
            let ticketed = index < ticketCount
            let pool = ticketed ? DemoServiceTexts.ticketCases : DemoServiceTexts.plainCases
            let text = index == 0 ? DemoServiceTexts.ticketCases[0] : pool.randomElement(using: &random)!
            let customer = people[index % people.count]
            let store = index == 0 ? shanghai : (text.channel == .store || ticketed ? physical.randomElement(using: &random) : nil)
            let ago = index == 0 ? 3_600 : Double.random(in: 3_600..<(90 * 86_400), using: &random)
            batch.append(Interaction(id: random.uuid(), channel: text.channel, direction: .inbound, kind: text.kind, subject: text.subject,
                                     body: text.body, storeId: store?.id, customerId: customer.id,
                                     occurredAt: now.addingTimeInterval(-ago),
                                     externalId: "demo-\(index)"))
        }
        for (index, mobile) in ["+8613900001234", "+8618600005678"].enumerated() {
            let text = DemoServiceTexts.plainCases[5]
            batch.append(Interaction(id: random.uuid(), channel: .hotline, direction: .inbound, kind: text.kind, subject: text.subject,
                                     body: text.body, contact: .mobile(try MobileNumber(mobile)),
                                     occurredAt: now.addingTimeInterval(-Double(index + 2) * 86_400),
                                     externalId: "demo-contact-\(index)"))
        }
        var created = 0
        for chunk in batch.chunked(into: InteractionService.batchLimit) {
            for outcome in try await services.interactions.ingest(Array(chunk), by: caller, requestId: nil) {
                if case .created = outcome { created += 1 }
            }
        }
        return (created, Array(batch.prefix(ticketCount)))
    }

    // MARK: tickets

    /// How far one demo ticket gets. The first stays new in Shanghai's customer-service queue for the walk-through.
    enum Plan: CaseIterable {
        case new, assigned, inProgress, waiting, resolved, closed
    }

    static func plan(_ index: Int) -> Plan {
        let cycle: [Plan] = [.new, .resolved, .closed, .inProgress, .waiting, .assigned, .resolved, .new, .inProgress, .resolved]
        return cycle[index % cycle.count]
    }

    func ticket(_ interaction: Interaction, plan: Plan, agent: StaffMember.ID?) async throws {
        guard let text = DemoServiceTexts.ticketCases.first(where: { $0.subject == interaction.subject }), let kind = text.ticket else { return }
        let priority: Ticket.Priority = kind == .complaint ? .high : .normal
        let ticket = try await services.tickets.open(
            TicketDraft(kind: kind, priority: priority, channel: interaction.channel, customerId: interaction.customerId, storeId: interaction.storeId,
                        subject: interaction.subject, description: interaction.body ?? interaction.subject, category: text.category,
                        interactionId: interaction.id),
            by: caller, requestId: nil)
        guard plan != .new else { return }
        if let agent { _ = try await services.tickets.assign(ticket.id, to: agent, by: caller, requestId: nil) }
        switch plan {
        case .new, .assigned:
            return
        case .inProgress:
            _ = try await services.tickets.transition(ticket.id, to: .inProgress, resolution: nil, by: caller, requestId: nil)
            _ = try await services.tickets.note(on: ticket.id, body: "已联系门店核实情况，等待回复。", by: caller, requestId: nil)
        case .waiting:
            _ = try await services.tickets.reply(to: ticket.id, body: "您好，麻烦您提供一下购物小票或订单号的照片，方便我们尽快为您处理。", by: caller, requestId: nil)
            _ = try await services.tickets.transition(ticket.id, to: .waitingOnCustomer, resolution: nil, by: caller, requestId: nil)
        case .resolved, .closed:
            _ = try await services.tickets.reply(to: ticket.id, body: text.reply, by: caller, requestId: nil)
            _ = try await services.tickets.transition(ticket.id, to: .resolved, resolution: text.resolution, by: caller, requestId: nil)
            if plan == .closed {
                _ = try await services.tickets.transition(ticket.id, to: .closed, resolution: nil, by: caller, requestId: nil)
            }
        }
    }
}
