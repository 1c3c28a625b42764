import Foundation
import PatronCore

/// The return half of the return and exchange forms: per line the units already back and a quantity input
/// `qty_<line>`, per payment method what can still go back (`refund_<method>`), and the reason. Read from the
/// posted form as typed, so a re-rendered form shows the user's own values next to their errors.
struct OrderReturnForm {
    let order: Order
    let earlier: [OrderReturn]
    /// Units of each line (by index) returned before.
    let returnedBefore: [Int]
    /// The order's payment methods, in the order paid, each once.
    let methods: [PaymentMethod]
    /// What each method can still refund: paid less refunded before.
    let refundable: [PaymentMethod: Int64]
    /// Input name → the text the user typed.
    var values: [String: String] = [:]
    /// Input name (or `lines`, `refunds`, `form`) → the catalogue key and values of its message.
    var errors: [String: Message] = [:]

    struct Message {
        let key: String
        var values: [String: String] = [:]
    }

    init(order: Order, earlier: [OrderReturn]) {
        self.order = order
        self.earlier = earlier
        var returned = Array(repeating: 0, count: order.lines.count)
        for line in earlier.flatMap(\.lines) where returned.indices.contains(line.lineNumber - 1) {
            returned[line.lineNumber - 1] += line.quantity
        }
        returnedBefore = returned
        var methods: [PaymentMethod] = []
        var refundable: [PaymentMethod: Int64] = [:]
        for payment in order.payments {
            if refundable[payment.method] == nil { methods.append(payment.method) }
            refundable[payment.method, default: 0] += payment.amountMinor
        }
        for refund in earlier.flatMap(\.refunds) { refundable[refund.method, default: 0] -= refund.amountMinor }
        self.methods = methods
        self.refundable = refundable
    }

    func left(_ index: Int) -> Int { order.lines[index].quantity - returnedBefore[index] }

    /// Something can still come back: the order is not closed and some unit is left.
    var anythingLeft: Bool {
        order.status != .refunded && order.status != .cancelled && order.lines.indices.contains { left($0) > 0 }
    }

    static func quantityField(_ lineNumber: Int) -> String { "qty_\(lineNumber)" }
    static func refundField(_ method: PaymentMethod) -> String { "refund_\(method.rawValue)" }

    /// The return the form asks for, or nil with `errors` set. With `readRefunds` false the refunds are left
    /// empty, which the refund rules fill with the goods' value back to the original payment methods.
    mutating func read(_ form: FormData, readRefunds: Bool) -> OrderReturn? {
        var lines: [OrderReturn.Line] = []
        for index in order.lines.indices {
            let name = Self.quantityField(index + 1)
            let raw = form[name] ?? ""
            values[name] = raw
            guard !raw.isEmpty else { continue }
            guard raw.count <= 6, raw.allSatisfy(\.isASCIIDigit), let quantity = Int(raw), quantity <= left(index) else {
                errors[name] = quantityError(index)
                continue
            }
            if quantity > 0 { lines.append(.init(lineNumber: index + 1, quantity: quantity)) }
        }
        let reason = form["reason"] ?? ""
        values["reason"] = reason
        if reason.isEmpty || reason.count > 200 { errors["reason"] = Message(key: "order_return.reason_invalid") }
        var refunds: [Payment] = []
        if readRefunds {
            for method in methods {
                let name = Self.refundField(method)
                let raw = form[name] ?? ""
                values[name] = raw
                guard !raw.isEmpty else { continue }
                guard let amount = OrderMoneyInput.minor(raw, currency: order.currency) else {
                    errors[name] = Message(key: "order_return.amount_invalid")
                    continue
                }
                if amount > 0 { refunds.append(Payment(method: method, amountMinor: amount)) }
            }
        }
        if lines.isEmpty, !errors.keys.contains(where: { $0.hasPrefix("qty_") }) {
            errors["lines"] = Message(key: "order_return.nothing_chosen")
        }
        guard errors.isEmpty else { return nil }
        return OrderReturn(orderId: order.id, lines: lines, refunds: refunds, reason: reason)
    }

    /// Puts a refusal of the refund rules next to the input it concerns: `lines[0].quantity` names the first
    /// line of the request, `refunds[1].amount` its second refund.
    mutating func absorb(_ error: PatronError, request: OrderReturn) {
        switch error {
        case .invalid(let field?, _):
            if let index = Self.index(in: field, of: "lines"), request.lines.indices.contains(index) {
                let position = request.lines[index].lineNumber - 1
                if order.lines.indices.contains(position) {
                    errors[Self.quantityField(position + 1)] = quantityError(position)
                    return
                }
            }
            if let index = Self.index(in: field, of: "refunds"), request.refunds.indices.contains(index) {
                let method = request.refunds[index].method
                errors[Self.refundField(method)] = Message(key: "order_return.refund_too_much",
                                                           values: ["amount": ConsoleFormat.money(refundable[method] ?? 0, order.currency)])
                return
            }
            switch field {
            case "refunds":
                errors["refunds"] = Message(key: "order_return.refunds_exceed",
                                            values: ["amount": ConsoleFormat.money(worth(of: request), order.currency)])
            case "lines": errors["lines"] = Message(key: "order_return.nothing_chosen")
            case "reason": errors["reason"] = Message(key: "order_return.reason_invalid")
            default: errors["form"] = Message(key: "order_return.invalid")
            }
        case .conflict:
            errors["form"] = Message(key: "order_return.closed")
        default:
            errors["form"] = Message(key: "order_return.invalid")
        }
    }

    /// What the requested units are worth after discounts: the most their refunds may add up to.
    func worth(of request: OrderReturn) -> Int64 {
        let values = RefundRules.lineValues(of: order)
        return request.lines.reduce(0) { sum, line in
            guard values.indices.contains(line.lineNumber - 1) else { return sum }
            return sum + values[line.lineNumber - 1].worth(after: returnedBefore[line.lineNumber - 1], count: line.quantity)
        }
    }

    /// Shows the refunds the rules would make for the chosen units, for staff to confirm or change.
    mutating func fill(_ refunds: [Payment]) {
        for method in methods { values[Self.refundField(method)] = "" }
        for refund in refunds { values[Self.refundField(refund.method)] = OrderMoneyInput.text(refund.amountMinor, currency: order.currency) }
    }

    func quantityError(_ index: Int) -> Message {
        Message(key: "order_return.qty_invalid", values: ["left": String(left(index))])
    }

    /// `3` for `lines[3].quantity` with prefix `lines`; nil for any other shape.
    static func index(in field: String, of prefix: String) -> Int? {
        guard field.hasPrefix(prefix + "["), let close = field.firstIndex(of: "]") else { return nil }
        return Int(field[field.index(field.startIndex, offsetBy: prefix.count + 1)..<close])
    }
}
