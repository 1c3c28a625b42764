import Foundation
import PatronCore
import SQLKit

/// Keeps persona tags current: after an order or a refund, the customer's tags are recomputed in the same
/// transaction, so the customer page and the persona filter show the sale at once. A POS batch recomputes
/// each of its customers once. Two writers for one customer do not interleave their delete-and-insert: the
/// membership subscriber, which reacts first, holds the customer's membership row locked to the end of the
/// transaction (and SQLite has one writer).
public struct PersonaEventSubscriber: DomainEventSubscriber {
    let rules: PersonaRules

    public init(rules: PersonaRules = PersonaRules()) {
        self.rules = rules
    }

    public func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        var customers: [Customer.ID] = []
        for event in events {
            switch event {
            case .orderPlaced(let order, _), .orderRefunded(let order, _):
                if let customer = order.customerId, !customers.contains(customer) { customers.append(customer) }
            default: continue
            }
        }
        guard !customers.isEmpty else { return }
        let computation = PersonaComputation(rules: rules, dialect: SQLDialect(of: sql))
        let now = Date()
        for customer in customers { try await computation.recompute(customer, at: now, on: sql) }
    }
}
