import Foundation

/// Recording sales as the POS reports them: the arithmetic is checked, the store, customer, sales associate
/// and SKUs must exist, and a retry of the same order is harmless. Returns and exchanges follow the refund
/// rules. Store-scoped callers (a store's POS key, its staff) act only for their store.
public struct OrderService: Sendable {
    let orders: any OrderRepository
    let stores: any StoreRepository
    let customers: any CustomerRepository
    let staff: any StaffRepository
    let products: any ProductRepository
    /// How far in the future a POS clock may be before an order is refused.
    let clockSkew: TimeInterval = 300

    public init(orders: any OrderRepository, stores: any StoreRepository, customers: any CustomerRepository,
                staff: any StaffRepository, products: any ProductRepository) {
        self.orders = orders
        self.stores = stores
        self.customers = customers
        self.staff = staff
        self.products = products
    }

    public static let batchLimit = 1_000

    public func place(_ order: Order, by caller: Caller, requestId: String?) async throws -> IngestOutcome {
        let order = try await checked(order, by: caller)
        return try await orders.ingest(order, audit: event("order.placed", order, caller, requestId))
    }

    /// Checks every order of the batch on its own, then stores the good ones in one transaction; one bad
    /// order does not stop the others. Answers in the batch's order.
    public func placeBatch(_ batch: [Order], by caller: Caller, requestId: String?) async throws -> [BatchOutcome] {
        try caller.require(.ordersWrite)
        guard batch.count <= Self.batchLimit else {
            throw PatronError.invalid(field: "orders", message: "a batch holds at most \(Self.batchLimit) orders, got \(batch.count)")
        }
        var outcomes: [BatchOutcome?] = []
        var valid: [Order] = []
        for order in batch {
            do {
                valid.append(try await checked(order, by: caller))
                outcomes.append(nil)
            } catch let error as PatronError {
                outcomes.append(.rejected(error))
            }
        }
        guard !valid.isEmpty else { return outcomes.map { $0! } }
        var stored = try await orders.ingestBatch(valid, audit: AuditEvent(
            actor: caller.actor, action: "orders.batch_placed", resourceType: "order", requestId: requestId,
            details: ["orders": String(valid.count), "first": valid.first!.posNumber, "last": valid.last!.posNumber])).makeIterator()
        return outcomes.map { $0 ?? stored.next()! }
    }

    public func returns(of id: Order.ID, by caller: Caller) async throws -> [OrderReturn] {
        try caller.require(.ordersRead)
        let order = try await find(id)
        try caller.require(.ordersRead, forRecordOf: order.storeId)
        return try await orders.returns(of: id)
    }

    public func returnGoods(_ request: OrderReturn, by caller: Caller, requestId: String?) async throws -> (OrderReturn, Order) {
        try caller.require(.ordersRefund)
        var order = try await find(request.orderId)
        try caller.require(.ordersRefund, forRecordOf: order.storeId)
        let (checkedReturn, status) = try RefundRules.check(request, order: order, earlier: try await orders.returns(of: order.id))
        try await orders.record(checkedReturn, status: status, audit: event("order.refunded", order, caller, requestId,
                                                                            details: ["refund": String(checkedReturn.refundTotalMinor)]))
        order.status = status
        return (checkedReturn, order)
    }

    /// A return of goods and the new order that replaces them, linked and stored together.
    public func exchange(_ request: OrderReturn, replacement: Order, by caller: Caller, requestId: String?) async throws -> (OrderReturn, IngestOutcome) {
        try caller.require(.ordersRefund)
        try caller.require(.ordersWrite)
        let original = try await find(request.orderId)
        try caller.require(.ordersRefund, forRecordOf: original.storeId)
        var replacement = replacement
        replacement.exchangeOf = original.id
        replacement.customerId = replacement.customerId ?? original.customerId
        let checkedReplacement = try await checked(replacement, by: caller)
        let (checkedReturn, status) = try RefundRules.check(request, order: original, earlier: try await orders.returns(of: original.id))
        let outcome = try await orders.exchange(checkedReturn, status: status, replacement: checkedReplacement,
                                                audit: event("order.exchanged", original, caller, requestId,
                                                             details: ["replacement": checkedReplacement.posNumber]))
        return (checkedReturn, outcome)
    }

    private func find(_ id: Order.ID) async throws -> Order {
        guard let order = try await orders.find(id) else { throw PatronError.notFound(resource: "order", id: id.uuidString.lowercased()) }
        return order
    }

    /// Validates the order like every write path must (API, batch, importer) and links SKUs to products;
    /// the caller must be allowed to record sales for the order's store.
    public func checked(_ order: Order, by caller: Caller) async throws -> Order {
        try caller.require(.ordersWrite, forRecordOf: order.storeId)
        try order.validate()
        guard order.occurredAt <= Date().addingTimeInterval(clockSkew) else {
            throw PatronError.invalid(field: "occurredAt", message: "occurredAt is in the future; check the POS clock")
        }
        guard try await stores.find(order.storeId) != nil else {
            throw PatronError.invalid(field: "storeId", message: "there is no store \(order.storeId.uuidString.lowercased())")
        }
        if order.customerId == nil && order.payments.contains(where: { $0.method == .points }) {
            throw PatronError.invalid(field: "customerId", message: "an order paid with points needs the customer whose points they are")
        }
        if let customer = order.customerId {
            switch try await customers.status(customer) {
            case .live: break
            case .merged(let into):
                throw PatronError.invalid(field: "customerId", message: "customer \(customer.uuidString.lowercased()) was merged into \(into.uuidString.lowercased())")
            case .erased, .missing:
                throw PatronError.invalid(field: "customerId", message: "there is no customer \(customer.uuidString.lowercased())")
            }
        }
        if let member = order.salesStaffId, try await staff.find(member) == nil {
            throw PatronError.invalid(field: "salesStaffId", message: "there is no staff member \(member.uuidString.lowercased())")
        }
        let known = try await products.ids(forSKUs: Array(Set(order.lines.map(\.sku))))
        var linked = order
        for (index, line) in order.lines.enumerated() {
            guard let product = known[line.sku] else {
                throw PatronError.invalid(field: "lines[\(index)].sku", message: "SKU \(line.sku) is not in the catalogue")
            }
            linked.lines[index].productId = product
        }
        return linked
    }

    private func event(_ action: String, _ order: Order, _ caller: Caller, _ requestId: String?, details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "order", resourceId: order.id.uuidString.lowercased(),
                   requestId: requestId, details: details.merging(["posNumber": order.posNumber, "total": String(order.totalMinor)]) { a, _ in a })
    }
}
