import Foundation

/// One entry of a ticket's thread: a reply that goes to the customer, or a note only staff see. The body is
/// sealed in storage. A reply records whether and how it went out.
public struct TicketMessage: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var ticketId: Ticket.ID
    public var kind: Kind
    public var body: String
    public var author: AuditEvent.Actor
    public var at: Date
    public var delivery: Delivery?

    public init(id: UUID = UUID(), ticketId: Ticket.ID, kind: Kind, body: String, author: AuditEvent.Actor, at: Date = Date(),
                delivery: Delivery? = nil) {
        self.id = id
        self.ticketId = ticketId
        self.kind = kind
        self.body = body
        self.author = author
        self.at = at
        self.delivery = delivery
    }

    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case reply, note
    }

    /// What became of a reply: sent through the gateway, or kept in the thread only and why.
    public struct Delivery: Hashable, Sendable {
        public enum Outcome: String, Hashable, Sendable, CaseIterable, Codable {
            case sent
            case noCustomer = "no_customer"
            case noConsent = "no_consent"
            case noAddress = "no_address"
            case failed
        }

        public var outcome: Outcome
        public var channel: OutboundMessage.Channel?
        /// The gateway's reference when sent.
        public var reference: String?

        public init(outcome: Outcome, channel: OutboundMessage.Channel? = nil, reference: String? = nil) {
            self.outcome = outcome
            self.channel = channel
            self.reference = reference
        }
    }

    public static let bodyLimit = 4_000
}

/// One line of a ticket's history: who changed what, from which value to which. Values are codes and ids,
/// never personal text.
public struct TicketEvent: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var ticketId: Ticket.ID
    public var at: Date
    public var actor: AuditEvent.Actor
    public var action: Action
    public var from: String?
    public var to: String?

    public init(id: UUID = UUID(), ticketId: Ticket.ID, at: Date, actor: AuditEvent.Actor, action: Action, from: String? = nil, to: String? = nil) {
        self.id = id
        self.ticketId = ticketId
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
    }

    public enum Action: String, Hashable, Sendable, CaseIterable, Codable {
        case opened, assigned, replied, noted, escalated, reopened
        case statusChanged = "status_changed"
        case priorityChanged = "priority_changed"
        case queueChanged = "queue_changed"
        case categoryChanged = "category_changed"
        case customerMessage = "customer_message"
    }
}
