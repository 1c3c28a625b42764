import Foundation
import PatronCore
import SQLKit

/// Keeps each customer's stored insight current between refreshes: an order placed or refunded recomputes
/// that customer's features (their own aggregate, on the orders index) and rescores them from the stored cut
/// points and parameters in the same transaction, so the customer page reads the change at once. A stage
/// change is published to `listeners` (the standard subscribers unless a test brings others).
public struct InsightEventSubscriber: DomainEventSubscriber {
    let listeners: @Sendable () -> DomainEvents

    public init(listeners: @escaping @Sendable () -> DomainEvents = { .standard }) {
        self.listeners = listeners
    }

    /// Live sales and refunds rescore their customer always. POS history (orders not live, a batch of many)
    /// rescores only customers the refresh has already scored: a bulk import into a fresh database then costs
    /// nothing per customer, and the next refresh (or a read, which computes an unscored customer on the
    /// spot) covers the rest.
    public func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        var live: [Customer.ID] = []
        var history: [Customer.ID] = []
        for event in events {
            switch event {
            case .orderPlaced(let order, live: true), .orderRefunded(let order, _):
                if let customer = order.customerId { live.append(customer) }
            case .orderPlaced(let order, live: false):
                if let customer = order.customerId { history.append(customer) }
            default:
                continue
            }
        }
        if !history.isEmpty { live += try await InsightRows.scored(Set(history), on: sql) }
        try await InsightRows.rescore(live, at: Date(), events: listeners(), on: sql)
    }
}
