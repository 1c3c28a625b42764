import PatronCore
import SQLKit

/// A module that reacts to domain events inside the writer's transaction: membership on sales, the SLA clock
/// on tickets, surveys on resolutions. Throwing rolls the whole write back.
public protocol DomainEventSubscriber: Sendable {
    /// The events of one write, in the order they happened (one sale, or a whole POS batch); a subscriber
    /// may handle them together and ignores the kinds it does not follow.
    func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws
}
