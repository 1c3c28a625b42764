import Foundation

/// An invitation of one customer to answer one survey, about a ticket or an order when a trigger made it.
/// Its link carries a one-time token that exists in clear only in the message sent; storage keeps the
/// token's SHA-256 digest, like sessions and API keys, so a database copy cannot answer for anyone.
public struct SurveyInvitation: Sendable, Equatable, Identifiable {
    public typealias ID = UUID

    public enum Status: String, Sendable, CaseIterable {
        /// Waiting for its due time and the send job.
        case pending
        case sent
        case answered
        /// Its link passed `expiresAt` unanswered (or it was never sendable before then).
        case expired
        /// The customer's consent did not allow the channel when it was due; nothing was sent.
        case suppressedNoConsent = "suppressed_no_consent"
    }

    public var id: ID
    public var templateId: SurveyTemplate.ID
    /// Nil once the customer was erased and the answered invitation kept for the counts.
    public var customerId: Customer.ID?
    public var channel: OutboundMessage.Channel
    public var ticketId: UUID?
    public var orderId: Order.ID?
    public var storeId: Store.ID?
    /// Who served the customer: the order's sales associate or the ticket's assignee.
    public var staffId: StaffMember.ID?
    /// `manual`, `after_purchase` or `on_ticket_resolved`.
    public var trigger: String
    public var dueAt: Date
    public var expiresAt: Date
    public var status: Status
    public var sentAt: Date?
    public var answeredAt: Date?
    public var createdAt: Date

    public init(id: ID = UUID(), templateId: SurveyTemplate.ID, customerId: Customer.ID?, channel: OutboundMessage.Channel,
                ticketId: UUID? = nil, orderId: Order.ID? = nil, storeId: Store.ID? = nil, staffId: StaffMember.ID? = nil,
                trigger: String, dueAt: Date, expiresAt: Date, status: Status = .pending, sentAt: Date? = nil, answeredAt: Date? = nil,
                createdAt: Date = Date()) {
        self.id = id
        self.templateId = templateId
        self.customerId = customerId
        self.channel = channel
        self.ticketId = ticketId
        self.orderId = orderId
        self.storeId = storeId
        self.staffId = staffId
        self.trigger = trigger
        self.dueAt = dueAt
        self.expiresAt = expiresAt
        self.status = status
        self.sentAt = sentAt
        self.answeredAt = answeredAt
        self.createdAt = createdAt
    }
}

/// What a manual invitation is about, if anything.
public struct SurveySubject: Sendable, Equatable {
    public var ticketId: UUID?
    public var orderId: Order.ID?
    public var storeId: Store.ID?
    public var staffId: StaffMember.ID?
    /// Overrides the template's channel.
    public var channel: OutboundMessage.Channel?

    public init(ticketId: UUID? = nil, orderId: Order.ID? = nil, storeId: Store.ID? = nil, staffId: StaffMember.ID? = nil,
                channel: OutboundMessage.Channel? = nil) {
        self.ticketId = ticketId
        self.orderId = orderId
        self.storeId = storeId
        self.staffId = staffId
        self.channel = channel
    }
}

/// The survey page's view of an invitation found by its token: the questions and whether it can still be
/// answered. It names no customer, so a forwarded link leaks nothing about them.
public struct SurveyForm: Sendable, Equatable {
    public var invitationId: SurveyInvitation.ID
    public var template: SurveyTemplate
    public var expiresAt: Date

    public init(invitationId: SurveyInvitation.ID, template: SurveyTemplate, expiresAt: Date) {
        self.invitationId = invitationId
        self.template = template
        self.expiresAt = expiresAt
    }
}
