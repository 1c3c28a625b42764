import Foundation

/// Read access to stored orders. Writing comes with the ingest rules of the sales issue.
public protocol OrderRepository: Sendable {
    func find(_ id: Order.ID) async throws -> Order?
    /// Newest first.
    func list(_ filter: OrderFilter, page: PageRequest) async throws -> Page<Order>
}

public struct OrderFilter: Sendable, Equatable {
    /// Nil means every store.
    public var storeId: Store.ID?
    public var customerId: Customer.ID?
    public var from: Date?
    public var to: Date?

    public init(storeId: Store.ID? = nil, customerId: Customer.ID? = nil, from: Date? = nil, to: Date? = nil) {
        self.storeId = storeId
        self.customerId = customerId
        self.from = from
        self.to = to
    }
}

/// Order reads with store scope applied: a store-scoped caller sees only the home store's orders, and a
/// direct request for another store's order is refused with 403 rather than hidden.
public struct OrderQueries: Sendable {
    let orders: any OrderRepository

    public init(orders: any OrderRepository) { self.orders = orders }

    public func find(_ id: Order.ID, by caller: Caller) async throws -> Order {
        guard let order = try await orders.find(id) else { throw PatronError.notFound(resource: "order", id: id.uuidString.lowercased()) }
        try caller.require(.ordersRead, forRecordOf: order.storeId)
        return order
    }

    public func list(_ filter: OrderFilter, page: PageRequest, by caller: Caller) async throws -> Page<Order> {
        var filter = filter
        switch caller.grants.storeFilter(for: .ordersRead) {
        case .all:
            break
        case .only(let home):
            if let asked = filter.storeId, asked != home {
                throw PatronError.forbidden(message: "you may read only your own store's orders")
            }
            filter.storeId = home
        case .none:
            throw PatronError.forbidden(message: "this needs the permission orders.read")
        }
        return try await orders.list(filter, page: page)
    }
}
