@preconcurrency import Crypto
import Foundation
import PatronCore
import SQLKit

/// Writes orders with their lines and payments; callers wrap it in a transaction so an order is never
/// stored half.
public struct SQLOrderRepository: OrderRepository {
    let database: Database
    let events: DomainEvents

    public init(_ database: Database, events: DomainEvents = .standard) {
        self.database = database
        self.events = events
    }

    public func ingest(_ order: Order, audit: AuditEvent) async throws -> IngestOutcome {
        let order = order.atStoragePrecision
        let hash = Self.contentHash(order)
        do {
            return try await database.transaction { sql in
                if let outcome = try await Self.existing(order, hash: hash, on: sql) { return outcome }
                try await Self.insert([order], on: sql, hashes: [hash])
                try await events.publish(.orderPlaced(order, live: true), on: sql)
                try await SQLAuditLog.insert([audit], on: sql)
                return .created(order)
            }
        } catch let error as PatronError {
            throw error
        } catch {
            // A concurrent submission of the same POS number won the race: answer as a retry would.
            if let outcome = try await database.read({ sql in try await Self.existing(order, hash: hash, on: sql) }) { return outcome }
            throw error
        }
    }

    public func ingestBatch(_ orders: [Order], audit: AuditEvent) async throws -> [BatchOutcome] {
        let events = events
        return try await database.transaction { sql in
            let outcomes = try await Self.ingest(orders, on: sql, events: events)
            if outcomes.contains(where: { if case .created = $0 { true } else { false } }) {
                var audit = audit
                audit.details["created"] = String(outcomes.filter { if case .created = $0 { true } else { false } }.count)
                try await SQLAuditLog.insert([audit], on: sql)
            }
            return outcomes
        }
    }

    /// The shared write path of the batch API and the importer: orders already stored with the same content
    /// are answered as existing, with other content rejected; the rest are inserted together.
    static func ingest(_ orders: [Order], on sql: any SQLDatabase, events: DomainEvents) async throws -> [BatchOutcome] {
        let orders = orders.map(\.atStoragePrecision)
        let hashes = orders.map(contentHash)
        var stored: [String: (id: UUID, hash: String?)] = [:]
        for storeId in Set(orders.map(\.storeId)) {
            let numbers = orders.filter { $0.storeId == storeId }.map(\.posNumber)
            for row in try await sql.select().column("id").column("pos_number").column("content_hash").from("orders")
                .where("store_id", .equal, storeId).where("pos_number", .in, numbers).all() {
                stored["\(storeId)|\(try row.decode(column: "pos_number", as: String.self))"] =
                    (try row.decode(column: "id", as: UUID.self), try row.decode(column: "content_hash", as: String?.self))
            }
        }
        var fresh: [Order] = []
        var freshHashes: [String] = []
        var outcomes: [BatchOutcome] = []
        for (order, hash) in zip(orders, hashes) {
            let key = "\(order.storeId)|\(order.posNumber)"
            if let existing = stored[key] {
                outcomes.append(existing.hash == hash ? .existing(existing.id)
                                : .rejected(.conflict(field: "posNumber", message: "order \(order.posNumber) of this store was already recorded with different content")))
            } else {
                stored[key] = (order.id, hash)
                fresh.append(order)
                freshHashes.append(hash)
                outcomes.append(.created(order.id))
            }
        }
        try await Self.insert(fresh, on: sql, hashes: freshHashes)
        if !fresh.isEmpty {
            try await events.publish(fresh.map { .orderPlaced($0, live: false) }, on: sql)
        }
        return outcomes
    }

    /// The stored order with the same store and POS number: the same one if the content matches, else a conflict.
    static func existing(_ order: Order, hash: String, on sql: any SQLDatabase) async throws -> IngestOutcome? {
        guard let row = try await sql.select().column("*").from("orders").where("store_id", .equal, order.storeId)
            .where("pos_number", .equal, order.posNumber).first() else { return nil }
        guard try row.decode(column: "content_hash", as: String?.self) == hash else {
            throw PatronError.conflict(field: "posNumber", message: "order \(order.posNumber) of this store was already recorded with different content")
        }
        return .existing(try await withDetails([row], on: sql)[0])
    }

    static func contentHash(_ order: Order) -> String {
        Array(SHA256.hash(data: Data(order.canonicalContent.utf8))).hexString
    }

    /// Benchmark reference: the same rows written with no checks, no idempotency and no events.
    public static func insertPlain(_ orders: [Order], on sql: any SQLDatabase) async throws {
        try await Self.insert(orders, on: sql)
    }

    /// Loads stores and the catalogue into an empty database (benchmarks, fixtures).
    public static func loadCatalogue(stores: [Store], categories: [ProductCategory], products: [Product], into database: Database) async throws {
        try await database.transaction { sql in
            try await SQLStoreRepository.insert(stores, on: sql)
            try await SQLProductRepository.insert(categories: categories, on: sql)
            try await SQLProductRepository.insert(products, on: sql)
        }
    }

    public func returns(of order: Order.ID) async throws -> [OrderReturn] {
        try await database.read { sql in try await Self.returns(of: order, on: sql) }
    }

    static func returns(of order: Order.ID, on sql: any SQLDatabase) async throws -> [OrderReturn] {
        let rows = try await sql.select().column("*").from("order_returns").where("order_id", .equal, order)
            .orderBy("created_at").orderBy("id").all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        var lines: [UUID: [OrderReturn.Line]] = [:]
        for row in try await sql.select().column("*").from("order_return_lines").where("return_id", .in, ids).orderBy("line_no").all() {
            lines[try row.decode(column: "return_id", as: UUID.self), default: []].append(
                .init(lineNumber: try row.decode(column: "line_no", as: Int.self), quantity: try row.decode(column: "quantity", as: Int.self)))
        }
        var refunds: [UUID: [Payment]] = [:]
        for row in try await sql.select().column("*").from("order_refunds").where("return_id", .in, ids).orderBy("method").all() {
            refunds[try row.decode(column: "return_id", as: UUID.self), default: []].append(
                Payment(method: try row.decodeEnum(column: "method", as: PaymentMethod.self),
                        amountMinor: try row.decode(column: "amount", as: Int64.self)))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return OrderReturn(id: id, orderId: order, lines: lines[id] ?? [], refunds: refunds[id] ?? [],
                               reason: try row.decode(column: "reason", as: String.self),
                               createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    public func record(_ orderReturn: OrderReturn, status: OrderStatus, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await recordReturn(orderReturn, status: status, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func exchange(_ orderReturn: OrderReturn, status: OrderStatus, replacement: Order, audit: AuditEvent) async throws -> IngestOutcome {
        let replacement = replacement.atStoragePrecision
        let hash = Self.contentHash(replacement)
        return try await database.transaction { sql in
            if let outcome = try await Self.existing(replacement, hash: hash, on: sql) { return outcome }
            try await recordReturn(orderReturn, status: status, on: sql)
            try await Self.insert([replacement], on: sql, hashes: [hash])
            try await events.publish(.orderPlaced(replacement, live: true), on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
            return .created(replacement)
        }
    }

    /// Re-checks the return against the returns stored so far inside the transaction, so two concurrent
    /// returns cannot together refund more than was paid.
    func recordReturn(_ orderReturn: OrderReturn, status: OrderStatus, on sql: any SQLDatabase) async throws {
        guard let row = try await sql.select().column("*").from("orders").where("id", .equal, orderReturn.orderId).first() else {
            throw PatronError.notFound(resource: "order", id: orderReturn.orderId.uuidString.lowercased())
        }
        let order = try await Self.withDetails([row], on: sql)[0]
        var (checked, status) = try RefundRules.check(orderReturn, order: order, earlier: try await Self.returns(of: order.id, on: sql))
        checked.createdAt = checked.createdAt.atStoragePrecision
        try await sql.insert(into: "order_returns").columns("id", "order_id", "reason", "refund_total", "created_at")
            .values(SQLBind(checked.id), SQLBind(checked.orderId), SQLBind(checked.reason), SQLBind(checked.refundTotalMinor),
                    SQLBind(checked.createdAt)).run()
        try await sql.insert(into: "order_return_lines").columns("return_id", "line_no", "quantity")
            .rows(checked.lines.map { [SQLBind(checked.id), SQLBind($0.lineNumber), SQLBind($0.quantity)] }).run()
        if !checked.refunds.isEmpty {
            try await sql.insert(into: "order_refunds").columns("return_id", "method", "amount")
                .rows(checked.refunds.map { [SQLBind(checked.id), SQLBind($0.method.rawValue), SQLBind($0.amountMinor)] }).run()
        }
        try await sql.update("orders").set("status", to: status.rawValue).where("id", .equal, order.id).run()
        var updated = order
        updated.status = status
        try await events.publish(.orderRefunded(updated, checked), on: sql)
    }

    public func find(_ id: Order.ID) async throws -> Order? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("orders").where("id", .equal, id).first() else { return nil }
            return try await Self.withDetails([row], on: sql).first
        }
    }

    public func list(_ filter: OrderFilter, page: PageRequest) async throws -> Page<Order> {
        try await database.read { sql in
            let page = try await timeOrderedRows(sql, table: "orders", timeColumn: "occurred_at", page: page,
                                                 from: filter.from, to: filter.to) { query in
                var query = query
                if let store = filter.storeId { query = query.where("store_id", .equal, store) }
                if let customer = filter.customerId { query = query.where("customer_id", .equal, customer) }
                if let channel = filter.channel { query = query.where("channel", .equal, channel.rawValue) }
                if let status = filter.status { query = query.where("status", .equal, status.rawValue) }
                return query
            }
            return Page(items: try await Self.withDetails(page.rows, on: sql), nextCursor: page.nextCursor)
        }
    }


    /// Decodes order rows and loads their lines and payments with one query each.
    static func withDetails(_ rows: [any SQLRow], on sql: any SQLDatabase) async throws -> [Order] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        var lines: [UUID: [OrderLine]] = [:]
        for row in try await sql.select().column("*").from("order_lines").where("order_id", .in, ids).orderBy("order_id").orderBy("line_no").all() {
            lines[try row.decode(column: "order_id", as: UUID.self), default: []].append(OrderLine(
                sku: try row.decode(column: "sku", as: String.self), productId: try row.decode(column: "product_id", as: UUID?.self),
                quantity: try row.decode(column: "quantity", as: Int.self), unitPriceMinor: try row.decode(column: "unit_price", as: Int64.self),
                discountMinor: try row.decode(column: "discount", as: Int64.self)))
        }
        var payments: [UUID: [Payment]] = [:]
        for row in try await sql.select().column("*").from("order_payments").where("order_id", .in, ids).orderBy("order_id").orderBy("seq").all() {
            payments[try row.decode(column: "order_id", as: UUID.self), default: []].append(Payment(
                method: try row.decodeEnum(column: "method", as: PaymentMethod.self),
                amountMinor: try row.decode(column: "amount", as: Int64.self)))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Order(id: id, storeId: try row.decode(column: "store_id", as: UUID.self),
                         posNumber: try row.decode(column: "pos_number", as: String.self),
                         channel: try row.decodeEnum(column: "channel", as: SalesChannel.self),
                         customerId: try row.decode(column: "customer_id", as: UUID?.self),
                         occurredAt: try row.decode(column: "occurred_at", as: Date.self),
                         currency: try CurrencyCode(row.decode(column: "currency", as: String.self)),
                         lines: lines[id] ?? [], orderDiscountMinor: try row.decode(column: "order_discount", as: Int64.self),
                         payments: payments[id] ?? [],
                         status: try row.decodeEnum(column: "status", as: OrderStatus.self),
                         salesStaffId: try row.decode(column: "sales_staff_id", as: UUID?.self),
                         exchangeOf: try row.decode(column: "exchange_of", as: UUID?.self))
        }
    }

    static func insert(_ orders: [Order], on sql: any SQLDatabase, hashes: [String]? = nil, createdAt: Date = Date()) async throws {
        let hashes = hashes ?? orders.map(Self.contentHash)
        for (chunk, chunkHashes) in zip(orders.chunked(into: 300), hashes.chunked(into: 300)) {
            try await sql.insert(into: "orders")
                .columns("id", "store_id", "pos_number", "channel", "customer_id", "occurred_at", "currency",
                         "subtotal", "order_discount", "total", "status", "created_at", "content_hash", "sales_staff_id", "exchange_of")
                .rows(zip(chunk, chunkHashes).map { o, hash in
                    [SQLBind(o.id), SQLBind(o.storeId), SQLBind(o.posNumber), SQLBind(o.channel.rawValue), SQLBind(o.customerId),
                     SQLBind(o.occurredAt), SQLBind(o.currency.rawValue), SQLBind(o.subtotalMinor), SQLBind(o.orderDiscountMinor),
                     SQLBind(o.totalMinor), SQLBind(o.status.rawValue), SQLBind(createdAt), SQLBind(hash), SQLBind(o.salesStaffId),
                     SQLBind(o.exchangeOf)] as [any SQLExpression]
                })
                .run()
            let lines: [[any SQLExpression]] = chunk.flatMap { o in
                o.lines.enumerated().map { index, line in
                    [SQLBind(o.id), SQLBind(index + 1), SQLBind(line.sku), SQLBind(line.productId), SQLBind(line.quantity),
                     SQLBind(line.unitPriceMinor), SQLBind(line.discountMinor), SQLBind(line.totalMinor)]
                }
            }
            try await sql.insert(into: "order_lines")
                .columns("order_id", "line_no", "sku", "product_id", "quantity", "unit_price", "discount", "line_total")
                .rows(lines)
                .run()
            let payments: [[any SQLExpression]] = chunk.flatMap { o in
                o.payments.enumerated().map { index, payment in
                    [SQLBind(o.id), SQLBind(index + 1), SQLBind(payment.method.rawValue), SQLBind(payment.amountMinor)]
                }
            }
            try await sql.insert(into: "order_payments")
                .columns("order_id", "seq", "method", "amount")
                .rows(payments)
                .run()
        }
    }
}
