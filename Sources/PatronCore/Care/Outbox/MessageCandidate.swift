/// A message the outbox would like to send, described only by what the rules look at.
public struct MessageCandidate: Sendable, Equatable {
    public var customerId: Customer.ID
    public var channel: OutboundMessage.Channel
    public var purpose: MessagePurpose
    public var kind: MessageKind

    public init(customerId: Customer.ID, channel: OutboundMessage.Channel, purpose: MessagePurpose, kind: MessageKind) {
        self.customerId = customerId
        self.channel = channel
        self.purpose = purpose
        self.kind = kind
    }
}
