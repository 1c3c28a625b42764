import Foundation

/// Something that happened in the domain which other modules must react to in the same transaction — points
/// on a sale, an SLA clock on a ticket, a survey on a resolution, a follow-up ticket on a low score. The
/// writer publishes it inside its write transaction; a subscriber that throws rolls the whole write back, so
/// no fact is ever stored without its consequences. Payloads carry identifiers and plain values, so that no
/// module needs another module's types to listen.
public enum DomainEvent: Sendable {
    /// `live` is a sale happening now (API, exchange): a points payment the balance cannot cover is refused.
    /// POS history (batch, import) records what the till accepted, with any shortfall.
    case orderPlaced(Order, live: Bool)
    case orderRefunded(Order, OrderReturn)
    case customerCreated(Customer.ID)
    /// Published after every registered module moved its records to the survivor.
    case customerMerged(duplicate: Customer.ID, survivor: Customer.ID)
    /// Published after every registered module deleted or anonymised its records.
    case customerErased(Customer.ID)
    case interactionLogged(InteractionNotice)
    case ticketChanged(TicketNotice)
    case surveyAnswered(SurveyAnswerNotice)
    /// Published only when a stored stage changes; a customer's first scoring is no change.
    case lifecycleStageChanged(LifecycleStageNotice)

    /// The customer the event is about, if any.
    public var customerId: Customer.ID? {
        switch self {
        case .orderPlaced(let order, _), .orderRefunded(let order, _): order.customerId
        case .customerCreated(let id), .customerErased(let id): id
        case .customerMerged(_, let survivor): survivor
        case .interactionLogged(let notice): notice.customerId
        case .ticketChanged(let notice): notice.customerId
        case .surveyAnswered(let notice): notice.customerId
        case .lifecycleStageChanged(let notice): notice.customerId
        }
    }
}
