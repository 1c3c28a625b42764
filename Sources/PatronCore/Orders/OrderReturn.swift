import Foundation

/// Goods coming back: some or all units of some lines, with the money refunded per payment method. A refund
/// never exceeds what the returned units were worth (after line and order discounts) nor what was paid by a
/// method; the order's status follows.
public struct OrderReturn: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var orderId: Order.ID
    public var lines: [Line]
    public var refunds: [Payment]
    public var reason: String
    public var createdAt: Date

    public init(id: UUID = UUID(), orderId: Order.ID, lines: [Line], refunds: [Payment], reason: String, createdAt: Date = Date()) {
        self.id = id
        self.orderId = orderId
        self.lines = lines
        self.refunds = refunds
        self.reason = reason
        self.createdAt = createdAt
    }

    public struct Line: Hashable, Sendable {
        /// 1-based position of the line in the order.
        public var lineNumber: Int
        public var quantity: Int
        public init(lineNumber: Int, quantity: Int) {
            self.lineNumber = lineNumber
            self.quantity = quantity
        }
    }

    public var refundTotalMinor: Int64 { refunds.reduce(0) { $0 &+ $1.amountMinor } }
}

/// The arithmetic of returns, kept apart from storage so every rule is testable by hand.
public enum RefundRules {
    /// What each line is worth after the line discount and its share of the order discount. Shares are
    /// allocated in proportion to line totals; rounding remainders go to the last line and its last unit, so
    /// the values add up exactly to the order total. Computed per line, never per unit, so a line's quantity
    /// costs nothing; 128-bit intermediates and wrapping results keep even a record stored before the limits
    /// readable.
    public static func lineValues(of order: Order) -> [LineValue] {
        let subtotal = Int128(order.subtotalMinor)
        let discount = Int128(order.orderDiscountMinor)
        var remainingDiscount = discount
        var result: [LineValue] = []
        result.reserveCapacity(order.lines.count)
        for (index, line) in order.lines.enumerated() {
            let share = index == order.lines.count - 1 || subtotal == 0 ? remainingDiscount : discount * Int128(line.totalMinor) / subtotal
            remainingDiscount -= share
            let net = Int64(clamping: Int128(line.totalMinor) - share)
            let units = max(1, line.quantity)
            result.append(LineValue(net: net, units: units, unitValue: net / Int64(units)))
        }
        return result
    }

    /// Checks a return against the order and earlier returns; fills in refunds when the request names none
    /// (back to the payment methods in the order they were paid). Returns the checked return and the new status.
    public static func check(_ request: OrderReturn, order: Order, earlier: [OrderReturn]) throws(PatronError) -> (OrderReturn, OrderStatus) {
        try Validate.text(request.reason, field: "reason", maxLength: 200)
        guard order.status != .refunded, order.status != .cancelled else {
            throw .conflict(field: nil, message: "order \(order.posNumber) is already \(order.status.rawValue)")
        }
        guard !request.lines.isEmpty else { throw .invalid(field: "lines", message: "return at least one line") }
        guard request.lines.count <= Limits.linesPerReturn.upperBound else {
            throw .invalid(field: "lines", message: "a return has at most \(Limits.linesPerReturn.upperBound) lines")
        }
        guard request.refunds.count <= Limits.paymentsPerOrder.upperBound else {
            throw .invalid(field: "refunds", message: "a return has at most \(Limits.paymentsPerOrder.upperBound) refunds, one per method")
        }
        let values = lineValues(of: order)
        var returnedBefore = Array(repeating: 0, count: order.lines.count)
        for line in earlier.flatMap(\.lines) where order.lines.indices.contains(line.lineNumber - 1) {
            returnedBefore[line.lineNumber - 1] &+= line.quantity
        }
        var returnedNow = Array(repeating: 0, count: order.lines.count)
        var worth: Int64 = 0
        for (index, line) in request.lines.enumerated() {
            guard order.lines.indices.contains(line.lineNumber &- 1) else {
                throw .invalid(field: "lines[\(index)].line", message: "the order has no line \(line.lineNumber)")
            }
            let position = line.lineNumber - 1
            guard returnedNow[position] == 0 else {
                throw .invalid(field: "lines[\(index)].line", message: "line \(line.lineNumber) is listed twice; give each line once with its total quantity")
            }
            let left = order.lines[position].quantity - returnedBefore[position] - returnedNow[position]
            guard line.quantity > 0, line.quantity <= left else {
                throw .invalid(field: "lines[\(index)].quantity", message: "line \(line.lineNumber) has \(left) unit(s) left to return")
            }
            let already = returnedBefore[position] + returnedNow[position]
            worth &+= values[position].worth(after: already, count: line.quantity)
            returnedNow[position] += line.quantity
        }
        var paid: [PaymentMethod: Int64] = [:]
        for payment in order.payments { paid[payment.method, default: 0] &+= payment.amountMinor }
        for refund in earlier.flatMap(\.refunds) { paid[refund.method, default: 0] &-= refund.amountMinor }
        var checked = request
        if request.refunds.isEmpty {
            var due = worth
            for payment in order.payments where due > 0 {
                let amount = min(due, paid[payment.method] ?? 0)
                if amount > 0 { checked.refunds.append(Payment(method: payment.method, amountMinor: amount)) }
                due -= amount
            }
        } else {
            for (index, refund) in request.refunds.enumerated() {
                guard refund.amountMinor > 0 else { throw .invalid(field: "refunds[\(index)].amount", message: "a refund must be positive") }
                let available = paid[refund.method] ?? 0
                guard refund.amountMinor <= available else {
                    throw .invalid(field: "refunds[\(index)].amount",
                                   message: "\(refund.method.rawValue) can refund at most \(available), asked \(refund.amountMinor)")
                }
                paid[refund.method] = available - refund.amountMinor
            }
            guard checked.refundTotalMinor <= worth else {
                throw .invalid(field: "refunds", message: "refunds add up to \(checked.refundTotalMinor) but the returned goods are worth \(worth)")
            }
        }
        return (checked, status(of: order, after: earlier + [checked]))
    }

    /// The status an order has once `returns` are recorded: refunded when every unit came back and every
    /// fen was refunded, else partially refunded.
    public static func status(of order: Order, after returns: [OrderReturn]) -> OrderStatus {
        guard !returns.isEmpty else { return order.status == .cancelled ? .cancelled : .paid }
        var returned = Array(repeating: 0, count: order.lines.count)
        for line in returns.flatMap(\.lines) where order.lines.indices.contains(line.lineNumber &- 1) {
            returned[line.lineNumber - 1] &+= line.quantity
        }
        let allUnitsBack = order.lines.indices.allSatisfy { returned[$0] == order.lines[$0].quantity }
        let refunded = returns.reduce(0) { $0 &+ $1.refundTotalMinor }
        return allUnitsBack && refunded == order.totalMinor ? .refunded : .partiallyRefunded
    }
}

/// One order line's worth, net of discounts: every unit is worth `unitValue` except the last, which also
/// carries the rounding remainder.
public struct LineValue: Hashable, Sendable {
    public var net: Int64
    public var units: Int
    public var unitValue: Int64

    /// The worth of `count` units coming back after `already` units came back earlier.
    public func worth(after already: Int, count: Int) -> Int64 {
        guard count > 0 else { return 0 }
        let plain = unitValue &* Int64(count)
        return already &+ count == units ? plain &+ (net &- unitValue &* Int64(units)) : plain
    }
}
