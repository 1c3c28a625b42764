import Foundation

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
