import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// Invitations made by triggers, sent by the job, and held back without consent.
struct SurveyTriggerTests {
    static let system = SurveyFixture.system

    func sale(_ f: SurveyFixture, number: String, at: Date) async throws -> Order {
        let category = try await f.services.catalogue.save(ProductCategory(code: "sv-\(number)", nameZh: "类", nameEn: "Kind"), by: Self.system, requestId: nil)
        let (product, _) = try await f.services.catalogue.save(
            Product(sku: "SV-\(number)", nameZh: "商品", nameEn: "Item", categoryId: category.id, brand: nil, listPrice: Money(minorUnits: 500, currency: .cny)),
            by: Self.system, requestId: nil)
        let order = Order(storeId: f.store.id, posNumber: number, channel: .store, customerId: f.customer.id, occurredAt: at,
                          lines: [OrderLine(sku: product.sku, productId: nil, quantity: 1, unitPriceMinor: 500)],
                          payments: [Payment(method: .cash, amountMinor: 500)])
        guard case .created(let stored) = try await f.services.sales.place(order, by: Self.system, requestId: nil) else { throw SurveyFixture.Failure() }
        return stored
    }

    @Test func aPurchaseSurveyGoesOutTheConfiguredDaysLaterThroughTheJob() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            _ = try await f.services.surveys.createTemplate(SurveyFixture.template(trigger: .afterPurchase(days: 3)), by: Self.system)
            let bought = SurveyFixture.start.addingTimeInterval(-2 * 86_400 - 60)
            let order = try await sale(f, number: "P-1", at: bought)
            _ = try await sale(f, number: "P-2", at: bought.addingTimeInterval(86_400))

            let pending = try await f.services.surveys.invitations(customer: f.customer.id, status: nil, page: try PageRequest(limit: 10), by: Self.system)
            #expect(pending.items.count == 1, "at most one purchase survey per customer within the delay")
            let invitation = try #require(pending.items.first)
            #expect(invitation.orderId == order.id && invitation.storeId == f.store.id && invitation.status == .pending)
            #expect(invitation.dueAt == bought.addingTimeInterval(3 * 86_400))

            _ = try await f.services.jobs.runDue(instance: "test", by: Self.system)
            #expect(f.gateway.messages.isEmpty)
            f.clock.advance(by: 86_400 - 120)
            _ = try await f.services.jobs.runDue(instance: "test", by: Self.system)
            #expect(f.gateway.messages.isEmpty)
            f.clock.advance(by: 120)
            let runs = try await f.services.jobs.runDue(instance: "test", by: Self.system)
            #expect(runs.first { $0.job == "surveys.send" }?.detail.hasPrefix("1 sent") == true)
            #expect(f.gateway.messages.count == 1)
            #expect(f.gateway.messages.first?.recipient == "+8613900139000")
            let sent = try await f.services.surveys.invitations(customer: f.customer.id, status: .sent, page: try PageRequest(limit: 10), by: Self.system)
            #expect(sent.items.map(\.id) == [invitation.id])
        }
    }

    @Test func aResolvedTicketInvitesOnceAndNamesTheAssignee() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            _ = try await f.services.surveys.createTemplate(SurveyFixture.template(trigger: .onTicketResolved), by: Self.system)
            let ticket = UUID(), agent = UUID()
            func notice(_ status: String, previous: String) -> DomainEvent {
                .ticketChanged(TicketNotice(ticketId: ticket, change: .statusChanged, customerId: f.customer.id, storeId: f.store.id, kind: "complaint",
                                            channel: "hotline", priority: "normal", status: status, previousStatus: previous, assigneeId: agent,
                                            at: SurveyFixture.start))
            }
            for event in [notice("in_progress", previous: "assigned"), notice("resolved", previous: "in_progress"),
                          notice("in_progress", previous: "resolved"), notice("resolved", previous: "in_progress")] {
                try await database.transaction { sql in try await DomainEvents.standard.publish(event, on: sql) }
            }
            let invitations = try await f.services.surveys.invitations(customer: f.customer.id, status: nil, page: try PageRequest(limit: 10), by: Self.system)
            #expect(invitations.items.count == 1)
            #expect(invitations.items.first?.ticketId == ticket && invitations.items.first?.staffId == agent)
            #expect(invitations.items.first?.dueAt == SurveyFixture.start)
        }
    }

    @Test func withoutConsentForTheChannelNothingIsSent() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let silent = try await SurveyFixture.customer(f.services, mobile: "13900139001", consent: nil)
            let withdrawn = try await SurveyFixture.customer(f.services, mobile: "13900139002", consent: true)
            _ = try await f.services.customers.recordConsent(withdrawn.id, channel: .sms, granted: false, source: "test", by: Self.system, requestId: nil)
            let template = try await f.surveys.createTemplate(SurveyFixture.template(), by: Self.system, now: SurveyFixture.start)
            for customer in [silent, withdrawn] {
                _ = try await f.surveys.invite(customer: customer.id, template: template.id, about: SurveySubject(), by: Self.system, now: SurveyFixture.start)
            }
            _ = try await f.surveys.invite(customer: f.customer.id, template: template.id, about: SurveySubject(channel: .email), by: Self.system,
                                           now: SurveyFixture.start)
            let report = try await f.surveys.sendDue(at: SurveyFixture.start, by: Self.system)
            #expect(report.sent == 0 && report.suppressed == 3)
            #expect(f.gateway.messages.isEmpty)
            let suppressed = try await f.surveys.invitations(customer: nil, status: .suppressedNoConsent, page: try PageRequest(limit: 10), by: Self.system)
            #expect(suppressed.items.count == 3)
        }
    }

    @Test func surveyRecordsFollowAMergeAndLoseTheirTextOnErase() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let (token, _) = try await f.invitedToken()
            _ = try await f.surveys.answer(token: token, values: ["csat": .score(4), "nps": .score(9), "comment": .text("很好")], now: SurveyFixture.start)
            let export = try await f.services.customers.export(f.customer.id, by: Self.system, requestId: nil)
            #expect(export.sections[.surveyAnswers]?.first?.fields["answer.comment"] == .text("很好"))

            let timeline = try await SurveyTimelineSource(database).entries(of: f.customer.id, before: nil, limit: 10)
            #expect(timeline.map(\.summary) == ["CSAT 4/5 · NPS 9/10"])

            try await f.services.customers.erase(f.customer.id, reason: "request", by: Self.system, requestId: nil)
            let left = try await database.read { sql in
                try await sql.select().columns("customer_id", "comments").from("survey_answers").all()
            }
            #expect(left.count == 1)
            #expect(try left[0].decode(column: "customer_id", as: UUID?.self) == nil)
            #expect(try left[0].decode(column: "comments", as: Data?.self) == nil)
        }
    }
}
