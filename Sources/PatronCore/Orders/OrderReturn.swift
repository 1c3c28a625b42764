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

    public var refundTotalMinor: Int64 { refunds.reduce(0) { $0 + $1.amountMinor } }
}

/// The arithmetic of returns, kept apart from storage so every rule is testable by hand.
public enum RefundRules {
    /// What each unit of each line is worth after the line discount and its share of the order discount.
    /// Shares are allocated in proportion to line totals; rounding remainders go to the last line and unit, so
    /// the values add up exactly to the order total.
    public static func unitValues(of order: Order) -> [[Int64]] {
        let subtotal = order.subtotalMinor
        var remainingDiscount = order.orderDiscountMinor
        var result: [[Int64]] = []
        for (index, line) in order.lines.enumerated() {
            let share = index == order.lines.count - 1 || subtotal == 0
                ? remainingDiscount
                : order.orderDiscountMinor * line.totalMinor / subtotal
            remainingDiscount -= share
            let net = line.totalMinor - share
            let base = net / Int64(line.quantity)
            var units = Array(repeating: base, count: line.quantity)
            units[line.quantity - 1] += net - base * Int64(line.quantity)
            result.append(units)
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
        let values = unitValues(of: order)
        var returnedBefore = Array(repeating: 0, count: order.lines.count)
        for line in earlier.flatMap(\.lines) { returnedBefore[line.lineNumber - 1] += line.quantity }
        var returnedNow = Array(repeating: 0, count: order.lines.count)
        var worth: Int64 = 0
        for (index, line) in request.lines.enumerated() {
            guard (1...order.lines.count).contains(line.lineNumber) else {
                throw .invalid(field: "lines[\(index)].line", message: "the order has no line \(line.lineNumber)")
            }
            let position = line.lineNumber - 1
            let left = order.lines[position].quantity - returnedBefore[position] - returnedNow[position]
            guard line.quantity > 0, line.quantity <= left else {
                throw .invalid(field: "lines[\(index)].quantity", message: "line \(line.lineNumber) has \(left) unit(s) left to return")
            }
            let already = returnedBefore[position] + returnedNow[position]
            worth += values[position][already..<(already + line.quantity)].reduce(0, +)
            returnedNow[position] += line.quantity
        }
        var paid: [PaymentMethod: Int64] = [:]
        for payment in order.payments { paid[payment.method, default: 0] += payment.amountMinor }
        for refund in earlier.flatMap(\.refunds) { paid[refund.method, default: 0] -= refund.amountMinor }
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
        for line in returns.flatMap(\.lines) where (1...order.lines.count).contains(line.lineNumber) {
            returned[line.lineNumber - 1] += line.quantity
        }
        let allUnitsBack = order.lines.indices.allSatisfy { returned[$0] == order.lines[$0].quantity }
        let refunded = returns.reduce(0) { $0 + $1.refundTotalMinor }
        return allUnitsBack && refunded == order.totalMinor ? .refunded : .partiallyRefunded
    }
}
