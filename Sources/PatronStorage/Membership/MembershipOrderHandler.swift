import PatronCore
import SQLKit

/// Earns, redeems and reverses points and moves tiers in the same transaction as the sale or refund, so an
/// order is never stored without its membership effects.
public struct MembershipOrderHandler: OrderEventHandler {
    public init() {}

    public func handle(_ event: OrderEvent, on sql: any SQLDatabase) async throws {
        switch event {
        case .placed(let order, let live):
            guard let customer = order.customerId else { return }
            let programme = try await MembershipRows.programme(on: sql)
            let categories = try await MembershipReplay.lineCategories([order], programme: programme, on: sql)[order.id] ?? []
            try await MembershipReplay.apply(.placed(order, lineCategories: categories), to: customer, strict: live, programme: programme, on: sql)
        case .refunded(let order, let orderReturn):
            guard let customer = order.customerId else { return }
            let programme = try await MembershipRows.programme(on: sql)
            try await MembershipReplay.apply(.refunded(order, orderReturn), to: customer, strict: false, programme: programme, on: sql)
        }
    }

    /// POS history: every customer of the batch is loaded, folded and written once.
    public func handle(_ events: [OrderEvent], on sql: any SQLDatabase) async throws {
        var placed: [Order] = []
        for event in events {
            if case .placed(let order, live: false) = event, order.customerId != nil { placed.append(order) } else { try await handle(event, on: sql) }
        }
        guard !placed.isEmpty else { return }
        let programme = try await MembershipRows.programme(on: sql)
        let categories = try await MembershipReplay.lineCategories(placed, programme: programme, on: sql)
        try await MembershipReplay.apply(placed.map { ($0.customerId!, MembershipInput.placed($0, lineCategories: categories[$0.id] ?? [])) },
                                         programme: programme, on: sql)
    }
}
