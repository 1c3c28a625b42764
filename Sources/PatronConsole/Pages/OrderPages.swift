import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Orders: list with filters, detail, return and exchange forms.
extension Console {
    /// A page about one order: its method, its path under `orders/:id` and its handler, given the raw id.
    typealias OrderRoute = (method: HTTPRequest.Method, path: String, handler: @Sendable (ConsoleRequest, String?) async throws -> Response)

    func registerOrderPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("orders") { request, _ in await self.serve(request) { try await self.orderList($0) } }
        let routes: [OrderRoute] = [
            (.get, "orders/:id", { try await self.orderPage($0, id: $1) }),
            (.get, "orders/:id/return", { try await self.returnForm($0, id: $1) }),
            (.post, "orders/:id/return", { try await self.postReturn($0, id: $1) }),
            (.get, "orders/:id/exchange", { try await self.exchangeForm($0, id: $1) }),
            (.post, "orders/:id/exchange", { try await self.postExchange($0, id: $1) }),
        ]
        for route in routes {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                let id = context.parameters.get("id")
                return await self.serve(request) { try await route.handler($0, id) }
            }
        }
    }

    /// The product name of each SKU of the order in the page's language, looked up once per product; a
    /// product the catalogue no longer has shows its SKU alone.
    func productNames(_ order: Order, _ console: ConsoleRequest) async -> [String: String] {
        var names: [String: String] = [:]
        for line in order.lines where names[line.sku] == nil {
            guard let id = line.productId, let product = try? await services.catalogue.find(id, by: console.caller) else { continue }
            names[line.sku] = console.language == .zhCN ? product.nameZh : product.nameEn
        }
        return names
    }

    /// The order, the returns so far and the form state, with the caller allowed to return goods of its store.
    func returnable(_ console: ConsoleRequest, id rawId: String?) async throws -> OrderReturnForm? {
        guard let id = Self.id(rawId) else { return nil }
        let order = try await services.orders.find(id, by: console.caller)
        try console.caller.require(.ordersRefund, forRecordOf: order.storeId)
        return OrderReturnForm(order: order, earlier: try await services.sales.returns(of: id, by: console.caller))
    }

    /// The return table and refund inputs with the user's values and the messages next to them.
    func returnSection(_ form: OrderReturnForm, names: [String: String], _ console: ConsoleRequest) -> [String: Any] {
        let order = form.order
        let money = { (minor: Int64) in ConsoleFormat.money(minor, order.currency) }
        let lines: [[String: Any]] = order.lines.enumerated().map { index, line in
            let name = OrderReturnForm.quantityField(index + 1)
            var row: [String: Any] = [
                "line": index + 1, "sku": line.sku, "product": names[line.sku] ?? "",
                "quantity": ConsoleFormat.number(line.quantity), "returned": ConsoleFormat.number(form.returnedBefore[index]),
                "left": form.left(index), "canReturn": form.left(index) > 0,
                "total": money(line.totalMinor), "qty": form.values[name] ?? "0",
            ]
            if let error = form.errors[name] { row["error"] = text(error.key, console, error.values) }
            return row
        }
        let refunds: [[String: Any]] = form.methods.map { method in
            let name = OrderReturnForm.refundField(method)
            var row: [String: Any] = [
                "method": method.rawValue, "label": text("payment_method.\(method.rawValue)", console),
                "available": money(form.refundable[method] ?? 0), "value": form.values[name] ?? "",
            ]
            if let error = form.errors[name] { row["error"] = text(error.key, console, error.values) }
            return row
        }
        var data: [String: Any] = ["lines": lines, "refunds": refunds, "reason": form.values["reason"] ?? ""]
        for key in ["reason", "lines", "refunds", "form"] {
            if let error = form.errors[key] { data["\(key)Error"] = text(error.key, console, error.values) }
        }
        return data
    }

    /// `/console/orders?…&cursor=…`: the list's next page with the same filters.
    static func nextPageLink(_ path: String, query: FormData, cursor: String) -> String {
        var items = query.fields.filter { $0.name != "cursor" }.map { "\($0.name)=\(urlEncode($0.value))" }
        items.append("cursor=\(urlEncode(cursor))")
        return path + "?" + items.joined(separator: "&")
    }
}
