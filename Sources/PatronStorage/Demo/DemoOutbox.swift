import Foundation
import PatronCore

/// The demo's message gateway: keeps what the services send instead of delivering it, so the demo can answer
/// its own survey invitations with the one-time tokens their links carry, as a customer would.
actor DemoOutbox: MessageGateway {
    private var sent: [OutboundMessage] = []

    func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        sent.append(message)
        return MessageReceipt(messageId: message.id, reference: "demo", sentAt: Date())
    }

    /// The survey links sent since the last call, oldest first, as (customer, token).
    func takeSurveyTokens() -> [(customer: Customer.ID?, token: String)] {
        let links = sent.filter { $0.purpose == .surveyInvitation }.compactMap { message -> (Customer.ID?, String)? in
            guard let range = message.body.range(of: "/s/", options: .backwards) else { return nil }
            return (message.customerId, String(message.body[range.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        sent.removeAll()
        return links
    }
}
