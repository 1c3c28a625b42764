import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// An exchange: chosen units come back and replacement goods, looked up by SKU, are sold in their place as
/// a new order linked to this one, both stored together by `OrderService.exchange`. The returned goods'
/// value pays for the new ones; the customer pays (or gets back) the difference. "Check" shows the prices
/// and the difference before anything is recorded.
extension Console {
    func exchangeForm(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let form = try await returnable(console, id: rawId) else { return notFound(console) }
        try console.caller.require(.ordersWrite, forRecordOf: form.order.storeId)
        return await exchangePage(form, OrderExchangeForm(), summary: nil, console)
    }

    func postExchange(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard var form = try await returnable(console, id: rawId) else { return notFound(console) }
        let original = form.order
        try console.caller.require(.ordersWrite, forRecordOf: original.storeId)
        var sale = OrderExchangeForm()
        sale.read(console.form, currency: original.currency)
        await resolveProducts(&sale, console)
        let request = form.read(console.form, readRefunds: false)
        guard let request, !sale.hasErrors else {
            return await exchangePage(form, sale, summary: nil, console, status: .unprocessableContent)
        }
        let checked: OrderReturn
        do {
            checked = try RefundRules.check(request, order: original, earlier: form.earlier).0
        } catch {
            form.absorb(error, request: request)
            return await exchangePage(form, sale, summary: nil, console, status: .unprocessableContent)
        }
        let summary = (returned: checked.refundTotalMinor, sold: sale.totalMinor)
        if console.form["action"] == "preview" { return await exchangePage(form, sale, summary: summary, console) }
        let filled = sale.rows.filter(\.filled)
        let replacement = Order(
            storeId: original.storeId, posNumber: "\(original.posNumber.prefix(56))-EX\(form.earlier.count + 1)",
            channel: original.channel, customerId: original.customerId, occurredAt: Date(), currency: original.currency,
            lines: filled.map { OrderLine(sku: $0.product?.sku ?? $0.sku, productId: $0.product?.id, quantity: $0.quantityValue,
                                          unitPriceMinor: $0.unitPriceMinor) },
            payments: sale.payments(carrying: checked.refunds), salesStaffId: console.member.id)
        do {
            let (_, outcome) = try await services.sales.exchange(checked, replacement: replacement, by: console.caller, requestId: console.requestId)
            let stored: Order = switch outcome {
            case .created(let order), .existing(let order): order
            }
            return redirect(to: "/console/orders/\(original.id.uuidString.lowercased())?exchanged=\(stored.id.uuidString.lowercased())")
        } catch let error as PatronError where error.concernsTheForm {
            let field: String? = switch error {
            case .invalid(let field, _), .conflict(let field, _): field
            default: nil
            }
            if !sale.absorb(field) {
                switch field {
                case "payments"?: sale.errors["pay_method"] = .init(key: "order_exchange.payment_invalid")
                case "posNumber"?: form.errors["form"] = .init(key: "order_exchange.duplicate")
                default: form.absorb(error, request: checked)
                }
            }
            return await exchangePage(form, sale, summary: summary, console, status: .unprocessableContent)
        }
    }

    /// Finds each row's product by SKU and takes its list price when no price was typed.
    func resolveProducts(_ sale: inout OrderExchangeForm, _ console: ConsoleRequest) async {
        for index in sale.rows.indices where sale.rows[index].filled {
            guard let product = try? await services.catalogue.find(sku: sale.rows[index].sku, by: console.caller), product.isActive else {
                sale.rows[index].errors[OrderExchangeForm.field("sku", index)] = .init(key: "order_exchange.sku_unknown")
                continue
            }
            sale.rows[index].product = product
            if sale.rows[index].price.isEmpty {
                sale.rows[index].unitPriceMinor = product.listPrice.minorUnits
                sale.rows[index].price = OrderMoneyInput.text(product.listPrice.minorUnits, currency: product.listPrice.currency)
            }
        }
    }

    func exchangePage(_ form: OrderReturnForm, _ sale: OrderExchangeForm, summary: (returned: Int64, sold: Int64)?,
                      _ console: ConsoleRequest, status: HTTPResponse.Status = .ok) async -> Response {
        let order = form.order
        let money = { (minor: Int64) in ConsoleFormat.money(minor, order.currency) }
        var data = returnSection(form, names: await productNames(order, console), console)
        data["id"] = order.id.uuidString.lowercased()
        data["open"] = form.anythingLeft
        data["replacement"] = sale.rows.enumerated().map { index, row -> [String: Any] in
            var item: [String: Any] = ["row": index + 1, "sku": row.sku, "quantity": row.quantity, "price": row.price]
            if let product = row.product {
                item["product"] = console.language == .zhCN ? product.nameZh : product.nameEn
                if row.quantityValue > 0 { item["total"] = money(row.totalMinor) }
            }
            let messages = ["sku", "quantity", "price"].compactMap { row.errors[OrderExchangeForm.field($0, index)] }
            if !messages.isEmpty { item["error"] = messages.map { text($0.key, console, $0.values) }.joined(separator: " ") }
            return item
        }
        data["methods"] = OrderExchangeForm.differenceMethods.map {
            ["value": $0.rawValue, "name": text("payment_method.\($0.rawValue)", console), "selected": $0 == sale.method]
        }
        for key in ["replacement", "pay_method"] {
            if let error = sale.errors[key] { data[key == "pay_method" ? "payError" : "replacementError"] = text(error.key, console, error.values) }
        }
        if let summary {
            let difference = summary.sold - summary.returned
            data["summary"] = [
                "returned": money(summary.returned), "sold": money(summary.sold),
                "difference": text(difference >= 0 ? "order_exchange.customer_pays" : "order_exchange.customer_gets",
                                   console, ["amount": money(abs(difference))]),
            ]
        }
        return page(status: status, "order-exchange", titleKey: "order_exchange.title", titleValues: ["number": order.posNumber],
                    data: data, console)
    }
}
