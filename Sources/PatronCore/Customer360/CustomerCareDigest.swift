import Foundation

/// What the customer-service modules contribute to the summary: open tickets and the latest interactions, as
/// timeline entries so the summary needs no knowledge of their tables. `store` keeps the answer to that
/// store's records and the chain-wide ones; nil means every store.
public protocol CustomerCareDigest: Sendable {
    /// Newest first.
    func openTickets(of customer: Customer.ID, store: Store.ID?, limit: Int) async throws -> [TimelineEntry]
    /// Newest first.
    func recentInteractions(of customer: Customer.ID, store: Store.ID?, limit: Int) async throws -> [TimelineEntry]
}

/// The digest of a deployment without the customer-service modules: nothing open, nothing logged.
public struct EmptyCareDigest: CustomerCareDigest {
    public init() {}
    public func openTickets(of customer: Customer.ID, store: Store.ID?, limit: Int) async throws -> [TimelineEntry] { [] }
    public func recentInteractions(of customer: Customer.ID, store: Store.ID?, limit: Int) async throws -> [TimelineEntry] { [] }
}
