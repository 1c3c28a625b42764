import Foundation
import PatronCore

/// The "sell instead" half of the exchange form: up to `rows` replacement lines, each a SKU, a quantity and
/// an optional unit price (blank sells at the catalogue's list price), and the method the customer pays any
/// difference with. Kept as typed for re-rendering.
struct OrderExchangeForm {
    static let rows = 3
    /// Methods a difference can be paid with at the counter; points go through the customer's balance and
    /// are taken only as the original order's method.
    static let differenceMethods = PaymentMethod.allCases.filter { $0 != .points }

    struct Row {
        var sku = ""
        var quantity = "1"
        var price = ""
        var product: Product?
        var unitPriceMinor: Int64 = 0
        var quantityValue = 0
        /// Input name → message.
        var errors: [String: OrderReturnForm.Message] = [:]

        var filled: Bool { !sku.isEmpty }
        var totalMinor: Int64 { Int64(quantityValue) * unitPriceMinor }
    }

    var rows = Array(repeating: Row(), count: Self.rows)
    var method: PaymentMethod = .cash
    var errors: [String: OrderReturnForm.Message] = [:]

    static func field(_ name: String, _ row: Int) -> String { "\(name)_\(row + 1)" }

    /// Reads the typed values; prices and products are resolved by `resolve`.
    mutating func read(_ form: FormData, currency: CurrencyCode) {
        for index in rows.indices {
            rows[index].sku = form[Self.field("sku", index)] ?? ""
            rows[index].quantity = form[Self.field("quantity", index)] ?? (rows[index].sku.isEmpty ? "1" : "")
            rows[index].price = form[Self.field("price", index)] ?? ""
            guard rows[index].filled else { continue }
            let quantity = rows[index].quantity
            if quantity.count <= 6, quantity.allSatisfy(\.isASCIIDigit), let value = Int(quantity), Limits.quantityPerLine.contains(value) {
                rows[index].quantityValue = value
            } else {
                rows[index].errors[Self.field("quantity", index)] = .init(key: "order_exchange.quantity_invalid")
            }
            if !rows[index].price.isEmpty {
                if let price = OrderMoneyInput.minor(rows[index].price, currency: currency) {
                    rows[index].unitPriceMinor = price
                } else {
                    rows[index].errors[Self.field("price", index)] = .init(key: "order_return.amount_invalid")
                }
            }
        }
        if let chosen = form["pay_method"].flatMap(PaymentMethod.init(rawValue:)), Self.differenceMethods.contains(chosen) { method = chosen }
        if !rows.contains(where: \.filled) { errors["replacement"] = .init(key: "order_exchange.nothing_sold") }
    }

    var hasErrors: Bool { !errors.isEmpty || rows.contains { !$0.errors.isEmpty } }

    var totalMinor: Int64 { rows.filter(\.filled).reduce(0) { $0 + $1.totalMinor } }

    /// The new order's payments: what the returned goods are worth pays first, by the methods it would be
    /// refunded to (so those refunds and payments cancel out), and the customer pays the rest by `method`.
    /// When the new goods cost less, the remainder of the refund goes back to the customer.
    func payments(carrying refunds: [Payment]) -> [Payment] {
        var payments: [Payment] = []
        var due = totalMinor
        for refund in refunds where due > 0 {
            let amount = min(due, refund.amountMinor)
            payments.append(Payment(method: refund.method, amountMinor: amount))
            due -= amount
        }
        if due > 0 {
            if let index = payments.firstIndex(where: { $0.method == method }) {
                payments[index].amountMinor += due
            } else {
                payments.append(Payment(method: method, amountMinor: due))
            }
        }
        return payments
    }

    /// Marks the replacement row a refusal of the new order names (`lines[0].sku` is the first filled row).
    mutating func absorb(_ field: String?) -> Bool {
        let filled = rows.indices.filter { rows[$0].filled }
        guard let field, let index = OrderReturnForm.index(in: field, of: "lines"), filled.indices.contains(index) else { return false }
        let row = filled[index]
        let input = field.hasSuffix(".sku") ? "sku" : field.hasSuffix(".quantity") ? "quantity" : "price"
        rows[row].errors[Self.field(input, row)] = .init(key: input == "sku" ? "order_exchange.sku_unknown" : "order_exchange.line_invalid")
        return true
    }
}
