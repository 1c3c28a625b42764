import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// One order as the till recorded it, what came back since, and what it did to the customer's points.
/// Return and exchange are offered only to callers who may refund in the order's store, while units are left.
extension Console {
    func orderPage(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let caller = console.caller
        let order = try await services.orders.find(id, by: caller)
        let returns = try await services.sales.returns(of: id, by: caller)
        let form = OrderReturnForm(order: order, earlier: returns)
        let names = await productNames(order, console)
        let money = { (minor: Int64) in ConsoleFormat.money(minor, order.currency) }
        let refunded = returns.reduce(Int64(0)) { $0 + $1.refundTotalMinor }
        let storeName = await storeNames(console)[order.storeId] ?? order.storeId.uuidString.lowercased()
        let customerNames = await maskedNames(Set([order.customerId].compactMap { $0 }), console)
        var data: [String: Any] = [
            "id": order.id.uuidString.lowercased(), "number": order.posNumber, "time": format.time(order.occurredAt),
            "store": storeName,
            "channel": text("sales_channel.\(order.channel.rawValue)", console),
            "status": text("order_status.\(order.status.rawValue)", console), "statusClass": order.status.rawValue,
            "lines": order.lines.enumerated().map { index, line -> [String: Any] in
                ["line": index + 1, "sku": line.sku, "product": names[line.sku] ?? "", "quantity": ConsoleFormat.number(line.quantity),
                 "returned": ConsoleFormat.number(form.returnedBefore[index]), "unitPrice": money(line.unitPriceMinor),
                 "discount": money(line.discountMinor), "total": money(line.totalMinor)]
            },
            "payments": order.payments.map { ["method": text("payment_method.\($0.method.rawValue)", console), "amount": money($0.amountMinor)] },
            "subtotal": money(order.subtotalMinor), "orderDiscount": money(order.orderDiscountMinor), "hasOrderDiscount": order.orderDiscountMinor > 0,
            "total": money(order.totalMinor), "refunded": money(refunded), "net": money(order.totalMinor - refunded), "hasRefunds": refunded > 0,
            "returns": returns.map { returnRow($0, order: order, names: names, console) }, "hasReturns": !returns.isEmpty,
            "canReturn": form.anythingLeft && caller.grants.allows(.ordersRefund, inStore: order.storeId),
            "canExchange": form.anythingLeft && caller.grants.allows(.ordersRefund, inStore: order.storeId)
                && caller.grants.allows(.ordersWrite, inStore: order.storeId),
            "returned": console.query["returned"] != nil,
        ]
        data["customer"] = customerCell(order.customerId, customerNames, console)
        if let staffId = order.salesStaffId, console.holds(.staffRead), let member = try? await services.staff.find(staffId, by: caller) {
            data["salesStaff"] = member.displayName
        }
        if let original = order.exchangeOf { data["exchangeOf"] = original.uuidString.lowercased() }
        if let replacement = Self.id(console.query["exchanged"]) { data["exchanged"] = replacement.uuidString.lowercased() }
        if let customer = order.customerId, console.holds(.customersRead),
           let entries = try? await services.membership.ledger(of: customer, order: order.id, by: caller) {
            data["points"] = pointsEffect(entries, console)
        }
        return page("order", titleKey: "order.title", titleValues: ["number": order.posNumber], data: data, console)
    }

    func returnRow(_ orderReturn: OrderReturn, order: Order, names: [String: String], _ console: ConsoleRequest) -> [String: Any] {
        [
            "time": format.time(orderReturn.createdAt), "reason": orderReturn.reason,
            "units": ConsoleFormat.number(orderReturn.lines.reduce(0) { $0 + $1.quantity }),
            "lines": orderReturn.lines.map { line -> [String: Any] in
                let sku = order.lines.indices.contains(line.lineNumber - 1) ? order.lines[line.lineNumber - 1].sku : ""
                return ["line": line.lineNumber, "sku": sku, "product": names[sku] ?? "", "quantity": ConsoleFormat.number(line.quantity)]
            },
            "refunds": orderReturn.refunds.map { ["method": text("payment_method.\($0.method.rawValue)", console),
                                                  "amount": ConsoleFormat.money($0.amountMinor, order.currency)] },
            "total": ConsoleFormat.money(orderReturn.refundTotalMinor, order.currency),
        ]
    }

    /// Every points entry the order caused (earned, paid with, reversed or restored by a return) and the net.
    func pointsEffect(_ entries: [PointsEntry], _ console: ConsoleRequest) -> [String: Any] {
        let signed = { (points: Int64) in (points > 0 ? "+" : "") + ConsoleFormat.number(points) }
        let net = entries.reduce(Int64(0)) { $0 + $1.points }
        return [
            "entries": entries.map { entry -> [String: Any] in
                var row: [String: Any] = ["time": format.time(entry.at), "kind": text("order.points_kind.\(entry.kind.rawValue)", console),
                                          "points": signed(entry.points), "fromReturn": entry.returnId != nil]
                if entry.shortfall > 0 { row["shortfall"] = text("order.points_shortfall", console, ["points": ConsoleFormat.number(entry.shortfall)]) }
                return row
            },
            "hasEntries": !entries.isEmpty,
            "earned": ConsoleFormat.number(entries.filter { $0.kind == .earn }.reduce(Int64(0)) { $0 + $1.points }),
            "reversed": ConsoleFormat.number(-entries.filter { $0.kind == .reverse && $0.points < 0 }.reduce(Int64(0)) { $0 + $1.points }),
            "net": signed(net),
        ]
    }
}
