import PatronCore
import SQLKit

/// A module that must react to sales inside the same transaction — membership tiers and points — so that no
/// order is ever stored without its effects, nor the effects without the order. Throwing rolls both back.
public protocol OrderEventHandler: Sendable {
    func handle(_ event: OrderEvent, on sql: any SQLDatabase) async throws
    /// Many events of one write (a POS batch, an import chunk), in arrival order; a handler may do them
    /// together.
    func handle(_ events: [OrderEvent], on sql: any SQLDatabase) async throws
}

extension OrderEventHandler {
    public func handle(_ events: [OrderEvent], on sql: any SQLDatabase) async throws {
        for event in events { try await handle(event, on: sql) }
    }
}
