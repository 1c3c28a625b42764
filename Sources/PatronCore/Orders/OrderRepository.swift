import Foundation

/// Persistence for orders. Writes are idempotent on (store, POS number): the same content again finds the
/// stored order, different content is a conflict. Domain events of a write are handled in its transaction.
public protocol OrderRepository: Sendable {
    func find(_ id: Order.ID) async throws -> Order?
    /// Newest first.
    func list(_ filter: OrderFilter, page: PageRequest) async throws -> Page<Order>
    func ingest(_ order: Order, audit: AuditEvent) async throws -> IngestOutcome
    /// Many checked orders in one transaction, each answered on its own; `audit` describes the batch.
    func ingestBatch(_ orders: [Order], audit: AuditEvent) async throws -> [BatchOutcome]
    func returns(of order: Order.ID) async throws -> [OrderReturn]
    /// Stores a checked return and the order's new status.
    func record(_ orderReturn: OrderReturn, status: OrderStatus, audit: AuditEvent) async throws
    /// Stores a return and the replacement order in one transaction.
    func exchange(_ orderReturn: OrderReturn, status: OrderStatus, replacement: Order, audit: AuditEvent) async throws -> IngestOutcome
}

public enum IngestOutcome: Sendable, Equatable {
    case created(Order)
    /// The same order was sent before; this is the stored one.
    case existing(Order)
}

/// The answer for one order of a batch.
public enum BatchOutcome: Sendable, Equatable {
    case created(Order.ID)
    case existing(Order.ID)
    case rejected(PatronError)
}

/// What happened to an order, for modules that must react in the same transaction (membership, points).
public enum OrderEvent: Sendable {
    /// `live` is a sale happening now (API, exchange): a points payment the balance cannot cover is refused.
    /// POS history (batch, import) records what the till accepted, with any shortfall.
    case placed(Order, live: Bool)
    case refunded(Order, OrderReturn)
}

public struct OrderFilter: Sendable, Equatable {
    /// Nil means every store.
    public var storeId: Store.ID?
    public var customerId: Customer.ID?
    public var from: Date?
    public var to: Date?
    /// Filtered in the query, not after it, so a page is full and its cursor right.
    public var channel: SalesChannel?
    public var status: OrderStatus?

    public init(storeId: Store.ID? = nil, customerId: Customer.ID? = nil, from: Date? = nil, to: Date? = nil,
                channel: SalesChannel? = nil, status: OrderStatus? = nil) {
        self.storeId = storeId
        self.customerId = customerId
        self.from = from
        self.to = to
        self.channel = channel
        self.status = status
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
