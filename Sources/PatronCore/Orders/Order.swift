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

    public var subtotalMinor: Int64 { lines.reduce(0) { $0 + $1.totalMinor } }
    public var totalMinor: Int64 { subtotalMinor - orderDiscountMinor }
    public var total: Money { Money(minorUnits: totalMinor, currency: currency) }

    /// Rejects an order whose amounts do not add up, naming the amount that is off.
    public func validate() throws(PatronError) {
        try Validate.text(posNumber, field: "posNumber", maxLength: 64)
        guard !lines.isEmpty else { throw .invalid(field: "lines", message: "an order needs at least one line") }
        for (index, line) in lines.enumerated() {
            try line.validate(field: "lines[\(index)]")
        }
        guard orderDiscountMinor >= 0, orderDiscountMinor <= subtotalMinor else {
            throw .invalid(field: "orderDiscount", message: "order discount \(orderDiscountMinor) must be between 0 and the line subtotal \(subtotalMinor)")
        }
        guard !payments.isEmpty else { throw .invalid(field: "payments", message: "an order needs at least one payment") }
        for (index, payment) in payments.enumerated() where payment.amountMinor <= 0 {
            throw .invalid(field: "payments[\(index)].amount", message: "a payment amount must be positive")
        }
        let paid = payments.reduce(0) { $0 + $1.amountMinor }
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

    public var totalMinor: Int64 { Int64(quantity) * unitPriceMinor - discountMinor }

    func validate(field: String) throws(PatronError) {
        try Validate.text(sku, field: "\(field).sku", maxLength: 64)
        guard quantity > 0 else { throw .invalid(field: "\(field).quantity", message: "quantity must be positive") }
        guard unitPriceMinor >= 0 else { throw .invalid(field: "\(field).unitPrice", message: "unit price must not be negative") }
        guard discountMinor >= 0, discountMinor <= Int64(quantity) * unitPriceMinor else {
            throw .invalid(field: "\(field).discount", message: "line discount must be between 0 and quantity × unit price")
        }
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
