import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        let q = input.query
        let filter = OrderFilter(storeId: try q.storeId.map { try uuid($0, field: "storeId") },
                                 customerId: try q.customerId.map { try uuid($0, field: "customerId") }, from: q.from, to: q.to)
        let page = try await services.orders.list(filter, page: PageRequest(cursor: q.cursor, limit: q.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Order.init), nextCursor: page.nextCursor))))
    }

    func getOrder(_ input: Operations.GetOrder.Input) async throws -> Operations.GetOrder.Output {
        .ok(.init(body: .json(.init(try await services.orders.find(uuid(input.path.orderId, field: "orderId"), by: caller)))))
    }

    func createOrder(_ input: Operations.CreateOrder.Input) async throws -> Operations.CreateOrder.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        switch try await services.sales.place(try order(body), by: caller, requestId: requestId) {
        case .created(let order): return .created(.init(body: .json(.init(order))))
        case .existing(let order): return .ok(.init(body: .json(.init(order))))
        }
    }

    func createOrdersBatch(_ input: Operations.CreateOrdersBatch.Input) async throws -> Operations.CreateOrdersBatch.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        var parsed: [Result<Order, PatronError>] = []
        for (index, item) in body.orders.enumerated() {
            do { parsed.append(.success(try order(item))) } catch let error as PatronError {
                parsed.append(.failure(.invalid(field: "orders[\(index)].\(error.field ?? "")", message: error.message)))
            }
        }
        let valid = parsed.compactMap { try? $0.get() }
        var placed = try await services.sales.placeBatch(valid, by: caller, requestId: requestId).makeIterator()
        var results: [Components.Schemas.OrderBatchResult.ResultsPayloadPayload] = []
        for (index, item) in parsed.enumerated() {
            let outcome: BatchOutcome = switch item {
            case .success: placed.next()!
            case .failure(let error): .rejected(error)
            }
            switch outcome {
            case .created(let id): results.append(.init(index: index, outcome: .created, orderId: id.apiString))
            case .existing(let id): results.append(.init(index: index, outcome: .existing, orderId: id.apiString))
            case .rejected(let error):
                results.append(.init(index: index, outcome: .rejected, error: .init(code: error.code, message: error.message, field: error.field)))
            }
        }
        return .ok(.init(body: .json(.init(results: results))))
    }

    func listOrderReturns(_ input: Operations.ListOrderReturns.Input) async throws -> Operations.ListOrderReturns.Output {
        let returns = try await services.sales.returns(of: try uuid(input.path.orderId, field: "orderId"), by: caller)
        return .ok(.init(body: .json(.init(items: returns.map(Components.Schemas.OrderReturn.init), nextCursor: nil))))
    }

    func createOrderReturn(_ input: Operations.CreateOrderReturn.Input) async throws -> Operations.CreateOrderReturn.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let (checked, order) = try await services.sales.returnGoods(try orderReturn(body, orderId: uuid(input.path.orderId, field: "orderId")),
                                                           by: caller, requestId: requestId)
        return .created(.init(body: .json(.init(_return: .init(checked), order: .init(order)))))
    }

    func createOrderExchange(_ input: Operations.CreateOrderExchange.Input) async throws -> Operations.CreateOrderExchange.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let request = try orderReturn(body._return, orderId: uuid(input.path.orderId, field: "orderId"))
        let (checked, outcome) = try await services.sales.exchange(request, replacement: try order(body.order), by: caller, requestId: requestId)
        let replacement: Order = switch outcome {
        case .created(let order), .existing(let order): order
        }
        return .created(.init(body: .json(.init(_return: .init(checked), order: .init(replacement)))))
    }

    private func order(_ body: Components.Schemas.OrderInput) throws -> Order {
        Order(storeId: try uuid(body.storeId, field: "storeId"), posNumber: body.posNumber,
              channel: SalesChannel(rawValue: body.channel.rawValue) ?? .store,
              customerId: try body.customerId.map { try uuid($0, field: "customerId") }, occurredAt: body.occurredAt,
              currency: try body.currency.map { try CurrencyCode($0) } ?? .cny,
              lines: body.lines.map { OrderLine(sku: $0.sku, productId: nil, quantity: $0.quantity, unitPriceMinor: $0.unitPrice,
                                                discountMinor: $0.discount ?? 0) },
              orderDiscountMinor: body.orderDiscount ?? 0,
              payments: body.payments.map { Payment(method: PaymentMethod(rawValue: $0.method.rawValue) ?? .cash, amountMinor: $0.amount) },
              salesStaffId: try body.salesStaffId.map { try uuid($0, field: "salesStaffId") })
    }

    private func orderReturn(_ body: Components.Schemas.ReturnInput, orderId: Order.ID) throws -> OrderReturn {
        OrderReturn(orderId: orderId, lines: body.lines.map { .init(lineNumber: $0.line, quantity: $0.quantity) },
                    refunds: (body.refunds ?? []).map { Payment(method: PaymentMethod(rawValue: $0.method.rawValue) ?? .cash, amountMinor: $0.amount) },
                    reason: body.reason)
    }
}

extension Components.Schemas.OrderReturn {
    init(_ r: OrderReturn) {
        self.init(id: r.id.apiString, orderId: r.orderId.apiString, reason: r.reason,
                  lines: r.lines.map { .init(line: $0.lineNumber, quantity: $0.quantity) },
                  refunds: r.refunds.map { .init(method: .init(rawValue: $0.method.rawValue) ?? .cash, amount: $0.amountMinor) },
                  refundTotal: r.refundTotalMinor, createdAt: r.createdAt)
    }
}

extension Components.Schemas.Order {
    init(_ order: Order) {
        self.init(id: order.id.apiString, storeId: order.storeId.apiString, posNumber: order.posNumber,
                  channel: .init(rawValue: order.channel.rawValue) ?? .store, customerId: order.customerId?.apiString,
                  occurredAt: order.occurredAt, currency: order.currency.rawValue, subtotal: order.subtotalMinor,
                  orderDiscount: order.orderDiscountMinor, total: order.totalMinor,
                  status: .init(rawValue: order.status.rawValue) ?? .paid,
                  salesStaffId: order.salesStaffId?.apiString, exchangeOf: order.exchangeOf?.apiString,
                  lines: order.lines.map { .init(sku: $0.sku, productId: $0.productId?.apiString, quantity: $0.quantity,
                                                 unitPrice: $0.unitPriceMinor, discount: $0.discountMinor, total: $0.totalMinor) },
                  payments: order.payments.map { .init(method: .init(rawValue: $0.method.rawValue) ?? .cash, amount: $0.amountMinor) })
    }
}
