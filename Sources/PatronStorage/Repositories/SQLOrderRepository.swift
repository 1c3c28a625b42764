import Foundation
import PatronCore
import SQLKit

/// Writes orders with their lines and payments; callers wrap it in a transaction so an order is never
/// stored half.
public struct SQLOrderRepository: Sendable {
    public init() {}

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
