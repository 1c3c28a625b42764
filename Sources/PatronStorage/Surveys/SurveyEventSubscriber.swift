import Foundation
import PatronCore
import SQLKit

/// Creates survey invitations in the transaction of what triggers them: a resolved ticket (due at once, one
/// per ticket and template, so a reopened and re-resolved ticket is not surveyed twice) and a purchase (due
/// `days` later, at most one per customer and template within `days`). The send job delivers them.
public struct SurveyEventSubscriber: DomainEventSubscriber {
    public init() {}

    public func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        var purchaseTemplates: [SurveyTemplate]?
        var ticketTemplates: [SurveyTemplate]?
        for event in events {
            switch event {
            case .orderPlaced(let order, let live):
                guard let customer = order.customerId else { continue }
                if purchaseTemplates == nil { purchaseTemplates = try await Self.active("after_purchase", on: sql) }
                for template in purchaseTemplates ?? [] {
                    try await invite(customer, after: order, live: live, template: template, on: sql)
                }
            case .ticketChanged(let notice) where notice.status == "resolved" && notice.previousStatus != "resolved":
                guard let customer = notice.customerId else { continue }
                if ticketTemplates == nil { ticketTemplates = try await Self.active("on_ticket_resolved", on: sql) }
                for template in ticketTemplates ?? [] {
                    try await invite(customer, resolved: notice, template: template, on: sql)
                }
            default:
                continue
            }
        }
    }

    static func active(_ trigger: String, on sql: any SQLDatabase) async throws -> [SurveyTemplate] {
        try await sql.select().column("*").from(SurveyRows.templates).where("trigger_kind", .equal, trigger).where("active", .equal, true)
            .orderBy("id").limit(50).all().map(SurveyRows.template)
    }

    /// POS history that arrives too late for its survey (its link would already have expired) is skipped.
    func invite(_ customer: Customer.ID, after order: Order, live: Bool, template: SurveyTemplate, on sql: any SQLDatabase) async throws {
        guard case .afterPurchase(let days) = template.trigger else { return }
        let delay = Double(days) * 86_400
        let due = order.occurredAt.addingTimeInterval(delay)
        let expires = due.addingTimeInterval(Double(template.validityDays) * 86_400)
        if !live && expires <= Date() { return }
        let recent = try await sql.select().column("id").from(SurveyRows.invitations).where("customer_id", .equal, customer)
            .where("template_id", .equal, template.id).where("due_at", .greaterThan, due.addingTimeInterval(-delay))
            .where("due_at", .lessThan, due.addingTimeInterval(delay)).limit(1).first()
        guard recent == nil else { return }
        try await SurveyRows.insert(SurveyInvitation(templateId: template.id, customerId: customer, channel: template.channel, orderId: order.id,
                                                     storeId: order.storeId, staffId: order.salesStaffId, trigger: template.trigger.kind,
                                                     dueAt: due, expiresAt: expires, createdAt: order.occurredAt), on: sql)
    }

    func invite(_ customer: Customer.ID, resolved notice: TicketNotice, template: SurveyTemplate, on sql: any SQLDatabase) async throws {
        let earlier = try await sql.select().column("id").from(SurveyRows.invitations).where("ticket_id", .equal, notice.ticketId)
            .where("template_id", .equal, template.id).limit(1).first()
        guard earlier == nil else { return }
        try await SurveyRows.insert(SurveyInvitation(templateId: template.id, customerId: customer, channel: template.channel, ticketId: notice.ticketId,
                                                     storeId: notice.storeId, staffId: notice.assigneeId, trigger: template.trigger.kind,
                                                     dueAt: notice.at, expiresAt: notice.at.addingTimeInterval(Double(template.validityDays) * 86_400),
                                                     createdAt: notice.at), on: sql)
    }
}
