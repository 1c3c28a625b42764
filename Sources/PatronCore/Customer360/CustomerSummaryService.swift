import Foundation

/// The customer's summary in one call. The profile, membership, orders, care records and consents are read
/// concurrently (each a few indexed queries on the customer's id), because the view sits on every counter
/// screen and every ticket page and must answer within a few milliseconds.
public struct CustomerSummaryService: Sendable {
    let customers: any CustomerRepository
    let orders: any OrderRepository
    let membership: any MembershipRepository
    let care: any CustomerCareDigest

    public init(customers: any CustomerRepository, orders: any OrderRepository, membership: any MembershipRepository,
                care: any CustomerCareDigest) {
        self.customers = customers
        self.orders = orders
        self.membership = membership
        self.care = care
    }

    /// The summary as of `date`. A merged duplicate answers `merged` with its survivor, an erased customer
    /// `erased`; a store-scoped caller sees only their store's orders and care records.
    public func summary(of id: Customer.ID, by caller: Caller, at date: Date = Date()) async throws -> CustomerSummary {
        try caller.require(.customersRead)
        let store = Customer360Scope(caller).storeId
        let count = CustomerSummary.recentCount
        async let customer = customers.live(id)
        async let position = membership.position(of: id, at: date)
        async let recent = orders.list(OrderFilter(storeId: store, customerId: id), page: try PageRequest(limit: count))
        async let tickets = care.openTickets(of: id, store: store, limit: count)
        async let interactions = care.recentInteractions(of: id, store: store, limit: count)
        async let consents = customers.consents(id)
        let profile = CustomerView.masked(try await customer)
        return CustomerSummary(profile: profile, membership: try await position, recentOrders: try await recent.items,
                               openTickets: try await tickets, recentInteractions: try await interactions,
                               consents: CustomerConsents(history: try await consents))
    }
}
