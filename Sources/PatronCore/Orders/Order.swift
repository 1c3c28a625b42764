import Foundation

/// A completed sale as the till or the web shop reported it. The server re-checks the arithmetic so that
/// membership, points and reports can trust `total` without recomputing it.
public struct Order: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    public var storeId: Store.ID
    /// The POS's own order number; unique per store, which makes ingest idempotent.
    public var posNumber: String
    public var channel: SalesChannel
    public var customerId: Customer.ID?
    public var occurredAt: Date
    public var currency: CurrencyCode
    public var lines: [OrderLine]
    public var orderDiscountMinor: Int64
    public var payments: [Payment]
    public var status: OrderStatus
    /// The sales associate credited with the sale, if the POS says.
    public var salesStaffId: StaffMember.ID?
    /// For an exchange: the order whose returned goods this order replaces.
    public var exchangeOf: Order.ID?

    public init(id: ID = UUID(), storeId: Store.ID, posNumber: String, channel: SalesChannel, customerId: Customer.ID?,
                occurredAt: Date, currency: CurrencyCode = .cny, lines: [OrderLine], orderDiscountMinor: Int64 = 0,
                payments: [Payment], status: OrderStatus = .paid, salesStaffId: StaffMember.ID? = nil, exchangeOf: Order.ID? = nil) {
        self.id = id
        self.storeId = storeId
        self.posNumber = posNumber
        self.channel = channel
        self.customerId = customerId
        self.occurredAt = occurredAt
        self.currency = currency
        self.lines = lines
        self.orderDiscountMinor = orderDiscountMinor
        self.payments = payments
        self.status = status
        self.salesStaffId = salesStaffId
        self.exchangeOf = exchangeOf
    }

    /// Everything the POS said about the sale, in a fixed form: two submissions are the same order exactly when
    /// their canonical contents are equal. Ids and status, which the server assigns, are left out.
    public var canonicalContent: String {
        var parts = [storeId.uuidString.lowercased(), posNumber, channel.rawValue, customerId?.uuidString.lowercased() ?? "",
                     salesStaffId?.uuidString.lowercased() ?? "", String(Int64((occurredAt.timeIntervalSince1970 * 1_000).rounded())),
                     currency.rawValue, String(orderDiscountMinor), exchangeOf?.uuidString.lowercased() ?? ""]
        parts += lines.map { "L:\($0.sku):\($0.quantity):\($0.unitPriceMinor):\($0.discountMinor)" }
        parts += payments.map { "P:\($0.method.rawValue):\($0.amountMinor)" }
        return parts.joined(separator: "|")
    }

    /// The order with its time rounded to whole microseconds, the precision storage keeps, so what is
    /// written and what is read back are the same value.
    public var atStoragePrecision: Order {
        var order = self
        order.occurredAt = occurredAt.atStoragePrecision
        return order
    }

    /// Wrapping sums, so that reading a record stored before the limits existed never traps; `validate()`
    /// proves that an accepted order's sums do not wrap.
    public var subtotalMinor: Int64 { lines.reduce(0) { $0 &+ $1.totalMinor } }
    public var totalMinor: Int64 { subtotalMinor &- orderDiscountMinor }
    public var total: Money { Money(minorUnits: totalMinor, currency: currency) }

    /// Rejects an order whose amounts do not add up, naming the amount that is off.
    public func validate() throws(PatronError) {
        try Validate.text(posNumber, field: "posNumber", maxLength: 64)
        guard !lines.isEmpty else { throw .invalid(field: "lines", message: "an order needs at least one line") }
        guard lines.count <= Limits.linesPerOrder.upperBound else {
            throw .invalid(field: "lines", message: "an order has at most \(Limits.linesPerOrder.upperBound) lines, got \(lines.count)")
        }
        var subtotal: Int64 = 0
        for (index, line) in lines.enumerated() {
            try line.validate(field: "lines[\(index)]")
            subtotal = try Limits.add(subtotal, line.totalMinor, field: "lines")
        }
        try Limits.check(subtotal, in: Limits.moneyMinor, field: "subtotal")
        try Limits.check(orderDiscountMinor, in: Limits.moneyMinor, field: "orderDiscount")
        guard orderDiscountMinor <= subtotalMinor else {
            throw .invalid(field: "orderDiscount", message: "order discount \(orderDiscountMinor) must be between 0 and the line subtotal \(subtotalMinor)")
        }
        guard !payments.isEmpty else { throw .invalid(field: "payments", message: "an order needs at least one payment") }
        guard payments.count <= Limits.paymentsPerOrder.upperBound else {
            throw .invalid(field: "payments", message: "an order has at most \(Limits.paymentsPerOrder.upperBound) payments, one per method")
        }
        var paid: Int64 = 0
        for (index, payment) in payments.enumerated() {
            guard payment.amountMinor > 0 else {
                throw .invalid(field: "payments[\(index)].amount", message: "a payment amount must be positive")
            }
            try Limits.check(payment.amountMinor, in: Limits.moneyMinor, field: "payments[\(index)].amount")
            paid += payment.amountMinor
        }
        guard paid == totalMinor else {
            throw .invalid(field: "payments", message: "payments add up to \(paid) but the order total is \(totalMinor)")
        }
        guard Set(payments.map(\.method)).count == payments.count else {
            throw .invalid(field: "payments", message: "list each payment method once, with its total amount")
        }
    }
}

public struct OrderLine: Hashable, Sendable {
    public var sku: String
    public var productId: Product.ID?
    public var quantity: Int
    public var unitPriceMinor: Int64
    public var discountMinor: Int64

    public init(sku: String, productId: Product.ID?, quantity: Int, unitPriceMinor: Int64, discountMinor: Int64 = 0) {
        self.sku = sku
        self.productId = productId
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
        self.discountMinor = discountMinor
    }

    /// Wrapping arithmetic, so an unchecked or legacy line never traps; `validate` bounds every factor so that
    /// an accepted line's total is exact (10^5 units × 10^12 fen < 2^63).
    public var totalMinor: Int64 { Int64(truncatingIfNeeded: quantity) &* unitPriceMinor &- discountMinor }

    func validate(field: String) throws(PatronError) {
        try Validate.text(sku, field: "\(field).sku", maxLength: 64)
        try Limits.check(quantity, in: Limits.quantityPerLine, field: "\(field).quantity")
        try Limits.check(unitPriceMinor, in: Limits.moneyMinor, field: "\(field).unitPrice")
        let gross = Int64(quantity) * unitPriceMinor
        guard discountMinor >= 0, discountMinor <= gross else {
            throw .invalid(field: "\(field).discount", message: "line discount must be between 0 and quantity × unit price")
        }
        try Limits.check(gross - discountMinor, in: Limits.moneyMinor, field: "\(field).total")
    }
}

public struct Payment: Hashable, Sendable {
    public var method: PaymentMethod
    public var amountMinor: Int64

    public init(method: PaymentMethod, amountMinor: Int64) {
        self.method = method
        self.amountMinor = amountMinor
    }
}

public enum PaymentMethod: String, Hashable, Sendable, CaseIterable, Codable {
    case cash, bankCard = "bank_card", wechatPay = "wechat_pay", alipay, points
    case storedValue = "stored_value", giftCard = "gift_card"
}

public enum SalesChannel: String, Hashable, Sendable, CaseIterable, Codable {
    case store, online, app, wechatMiniProgram = "wechat_mini_program", phone
}

public enum OrderStatus: String, Hashable, Sendable, CaseIterable, Codable {
    case paid, partiallyRefunded = "partially_refunded", refunded, cancelled
}
