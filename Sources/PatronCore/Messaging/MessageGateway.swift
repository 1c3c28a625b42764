import Foundation

/// Where replies to customers and survey invitations leave Patron: SMS, e-mail, WeChat, app push. The
/// embedded default only logs that a message went (never its address or text); the care issue adds real
/// gateways behind the same interface. Callers check consent before they send.
public protocol MessageGateway: Sendable {
    func send(_ message: OutboundMessage) async throws -> MessageReceipt
}

public struct OutboundMessage: Sendable, Equatable {
    public enum Channel: String, Sendable, CaseIterable {
        case sms, email, wechat, app
    }

    public enum Purpose: String, Sendable, CaseIterable {
        case ticketReply = "ticket_reply"
        case surveyInvitation = "survey_invitation"
        case suggestionReply = "suggestion_reply"
    }

    public var id: UUID
    public var channel: Channel
    public var purpose: Purpose
    public var customerId: Customer.ID?
    /// The address in clear (a mobile number, an e-mail address, a WeChat openid): personal data, for the
    /// gateway only.
    public var recipient: String
    public var subject: String
    public var body: String
    /// "zh-CN" or "en".
    public var language: String

    public init(id: UUID = UUID(), channel: Channel, purpose: Purpose, customerId: Customer.ID?, recipient: String, subject: String, body: String,
                language: String) {
        self.id = id
        self.channel = channel
        self.purpose = purpose
        self.customerId = customerId
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.language = language
    }
}

public struct MessageReceipt: Sendable, Equatable {
    public var messageId: UUID
    /// The provider's reference, or the gateway's name for the log gateway.
    public var reference: String
    public var sentAt: Date

    public init(messageId: UUID, reference: String, sentAt: Date) {
        self.messageId = messageId
        self.reference = reference
        self.sentAt = sentAt
    }
}
