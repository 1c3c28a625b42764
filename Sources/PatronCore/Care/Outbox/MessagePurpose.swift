/// Why a message goes to a customer, because consent is given per purpose and the law treats them
/// differently: a customer may welcome receipts yet refuse promotions, and a withdrawal of marketing consent
/// must never stop a receipt.
public enum MessagePurpose: String, Sendable, CaseIterable, Codable {
    /// Messages that sell: campaigns, birthday and festival greetings, event invitations, win-back offers. They
    /// need the customer's explicit consent and are capped, so a chain cannot flood a customer.
    case marketing
    /// Messages about the relationship the customer already has: follow-ups after a purchase or a ticket,
    /// points-expiry reminders, survey invitations. They need consent too, because they are not something the
    /// customer asked for at that moment.
    case service
    /// Messages the customer's own action calls for: receipts, ticket replies, coupon and RSVP confirmations.
    /// They need no consent and are never capped, but a withdrawal still stops them where the law requires it.
    case transactional
}
