import Foundation
import PatronCore
import PatronOpenAPI

extension APIHandler {
    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        let q = input.query
        let filter = OrderFilter(storeId: try q.storeId.map { try uuid($0, field: "storeId") },
                                 customerId: try q.customerId.map { try uuid($0, field: "customerId") }, from: q.from, to: q.to)
        let page = try await orders.list(filter, page: PageRequest(cursor: q.cursor, limit: q.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Order.init), nextCursor: page.nextCursor))))
    }

    func getOrder(_ input: Operations.GetOrder.Input) async throws -> Operations.GetOrder.Output {
        .ok(.init(body: .json(.init(try await orders.find(uuid(input.path.orderId, field: "orderId"), by: caller)))))
    }
}

extension Components.Schemas.Order {
    init(_ order: Order) {
        self.init(id: order.id.apiString, storeId: order.storeId.apiString, posNumber: order.posNumber,
                  channel: .init(rawValue: order.channel.rawValue) ?? .store, customerId: order.customerId?.apiString,
                  occurredAt: order.occurredAt, currency: order.currency.rawValue, subtotal: order.subtotalMinor,
                  orderDiscount: order.orderDiscountMinor, total: order.totalMinor,
                  status: .init(rawValue: order.status.rawValue) ?? .paid,
                  lines: order.lines.map { .init(sku: $0.sku, productId: $0.productId?.apiString, quantity: $0.quantity,
                                                 unitPrice: $0.unitPriceMinor, discount: $0.discountMinor, total: $0.totalMinor) },
                  payments: order.payments.map { .init(method: .init(rawValue: $0.method.rawValue) ?? .cash, amount: $0.amountMinor) })
    }
}
