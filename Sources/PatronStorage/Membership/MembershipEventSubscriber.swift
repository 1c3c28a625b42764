import PatronCore
import SQLKit

/// Earns, redeems and reverses points and moves tiers in the same transaction as the sale or refund, so an
/// order is never stored without its membership effects.
public struct MembershipEventSubscriber: DomainEventSubscriber {
    public init() {}

    /// POS history (several orders not live) is loaded, folded and written once per customer; live sales and
    /// refunds one at a time, in order.
    public func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        var history: [Order] = []
        for event in events {
            switch event {
            case .orderPlaced(let order, live: false) where order.customerId != nil:
                history.append(order)
            case .orderPlaced(let order, live: true):
                guard let customer = order.customerId else { continue }
                let programme = try await MembershipRows.programme(on: sql)
                let categories = try await MembershipReplay.lineCategories([order], programme: programme, on: sql)[order.id] ?? []
                try await MembershipReplay.apply(.placed(order, lineCategories: categories), to: customer, strict: true, programme: programme, on: sql)
            case .orderRefunded(let order, let orderReturn):
                guard let customer = order.customerId else { continue }
                let programme = try await MembershipRows.programme(on: sql)
                try await MembershipReplay.apply(.refunded(order, orderReturn), to: customer, strict: false, programme: programme, on: sql)
            default:
                continue
            }
        }
        guard !history.isEmpty else { return }
        let programme = try await MembershipRows.programme(on: sql)
        let categories = try await MembershipReplay.lineCategories(history, programme: programme, on: sql)
        try await MembershipReplay.apply(history.map { ($0.customerId!, MembershipInput.placed($0, lineCategories: categories[$0.id] ?? [])) },
                                         programme: programme, on: sql)
    }
}
