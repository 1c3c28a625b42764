import Foundation
import PatronCore
import SQLKit

/// Writes orders with their lines and payments; callers wrap it in a transaction so an order is never
/// stored half.
public struct SQLOrderRepository: OrderRepository {
    let database: Database?

    public init(_ database: Database) { self.database = database }

    init() { database = nil }

    public func find(_ id: Order.ID) async throws -> Order? {
        try await database!.read { sql in
            guard let row = try await sql.select().column("*").from("orders").where("id", .equal, id).first() else { return nil }
            return try await Self.withDetails([row], on: sql).first
        }
    }

    public func list(_ filter: OrderFilter, page: PageRequest) async throws -> Page<Order> {
        try await database!.read { sql in
            let page = try await timeOrderedRows(sql, table: "orders", timeColumn: "occurred_at", page: page) { query in
                var query = query
                if let store = filter.storeId { query = query.where("store_id", .equal, store) }
                if let customer = filter.customerId { query = query.where("customer_id", .equal, customer) }
                if let from = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, from) }
                if let to = filter.to { query = query.where("occurred_at", .lessThan, to) }
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
                method: PaymentMethod(rawValue: try row.decode(column: "method", as: String.self)) ?? .cash,
                amountMinor: try row.decode(column: "amount", as: Int64.self)))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Order(id: id, storeId: try row.decode(column: "store_id", as: UUID.self),
                         posNumber: try row.decode(column: "pos_number", as: String.self),
                         channel: SalesChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .store,
                         customerId: try row.decode(column: "customer_id", as: UUID?.self),
                         occurredAt: try row.decode(column: "occurred_at", as: Date.self),
                         currency: try CurrencyCode(row.decode(column: "currency", as: String.self)),
                         lines: lines[id] ?? [], orderDiscountMinor: try row.decode(column: "order_discount", as: Int64.self),
                         payments: payments[id] ?? [],
                         status: OrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .paid)
        }
    }

    func insert(_ orders: [Order], on sql: any SQLDatabase, createdAt: Date = Date()) async throws {
        for chunk in orders.chunked(into: 300) {
            try await sql.insert(into: "orders")
                .columns("id", "store_id", "pos_number", "channel", "customer_id", "occurred_at", "currency",
                         "subtotal", "order_discount", "total", "status", "created_at")
                .rows(chunk.map { o in
                    [SQLBind(o.id), SQLBind(o.storeId), SQLBind(o.posNumber), SQLBind(o.channel.rawValue), SQLBind(o.customerId),
                     SQLBind(o.occurredAt), SQLBind(o.currency.rawValue), SQLBind(o.subtotalMinor), SQLBind(o.orderDiscountMinor),
                     SQLBind(o.totalMinor), SQLBind(o.status.rawValue), SQLBind(createdAt)] as [any SQLExpression]
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
