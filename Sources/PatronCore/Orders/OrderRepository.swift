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
