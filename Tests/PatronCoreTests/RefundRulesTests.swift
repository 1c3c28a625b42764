import Foundation
import PatronCore
import Testing

struct RefundRulesTests {
    /// 3 × 1,000 with 100 line discount (2,900) and 1 × 500; 340 off the order; total 3,060.
    static let order = Order(storeId: UUID(), posNumber: "R-1", channel: .store, customerId: nil, occurredAt: Date(),
                             lines: [OrderLine(sku: "A", productId: nil, quantity: 3, unitPriceMinor: 1_000, discountMinor: 100),
                                     OrderLine(sku: "B", productId: nil, quantity: 1, unitPriceMinor: 500)],
                             orderDiscountMinor: 340,
                             payments: [Payment(method: .points, amountMinor: 1_000), Payment(method: .alipay, amountMinor: 2_060)])

    @Test func unitValuesShareTheOrderDiscountAndAddUpExactly() {
        // Line A: 2,900 − 340 × 2,900 / 3,400 (= 290) = 2,610 → 870 × 3. Line B: 500 − 50 = 450.
        #expect(RefundRules.lineValues(of: Self.order).map(\.perUnit) == [[870, 870, 870], [450]])
        #expect(RefundRules.lineValues(of: Self.order).map(\.perUnit).joined().reduce(0, +) == Self.order.totalMinor)
    }

    @Test func refundsGoBackInPaymentOrderAndStatusFollows() throws {
        let first = OrderReturn(orderId: Self.order.id, lines: [.init(lineNumber: 1, quantity: 2)], refunds: [], reason: "too big")
        let (checked, status) = try RefundRules.check(first, order: Self.order, earlier: [])
        #expect(checked.refunds == [Payment(method: .points, amountMinor: 1_000), Payment(method: .alipay, amountMinor: 740)])
        #expect(status == .partiallyRefunded)
        let rest = OrderReturn(orderId: Self.order.id, lines: [.init(lineNumber: 1, quantity: 1), .init(lineNumber: 2, quantity: 1)],
                               refunds: [], reason: "all")
        let (last, final) = try RefundRules.check(rest, order: Self.order, earlier: [checked])
        #expect(last.refunds == [Payment(method: .alipay, amountMinor: 1_320)])
        #expect(final == .refunded)
    }

    @Test func refusesMoreThanAMethodPaidOrTheGoodsAreWorth() {
        let byCash = OrderReturn(orderId: Self.order.id, lines: [.init(lineNumber: 2, quantity: 1)],
                                 refunds: [Payment(method: .cash, amountMinor: 1)], reason: "no")
        #expect(throws: PatronError.invalid(field: "refunds[0].amount", message: "cash can refund at most 0, asked 1")) {
            try RefundRules.check(byCash, order: Self.order, earlier: [])
        }
        let tooMuch = OrderReturn(orderId: Self.order.id, lines: [.init(lineNumber: 2, quantity: 1)],
                                  refunds: [Payment(method: .alipay, amountMinor: 451)], reason: "no")
        #expect(throws: PatronError.invalid(field: "refunds", message: "refunds add up to 451 but the returned goods are worth 450")) {
            try RefundRules.check(tooMuch, order: Self.order, earlier: [])
        }
        let noLine = OrderReturn(orderId: Self.order.id, lines: [.init(lineNumber: 3, quantity: 1)], refunds: [], reason: "no")
        #expect(throws: PatronError.self) { try RefundRules.check(noLine, order: Self.order, earlier: []) }
    }

    @Test func theCanonicalContentIgnoresServerAssignedFields() {
        var retry = Self.order
        retry.id = UUID()
        retry.status = .refunded
        #expect(retry.canonicalContent == Self.order.canonicalContent)
        var changed = Self.order
        changed.payments[1].amountMinor += 1
        #expect(changed.canonicalContent != Self.order.canonicalContent)
    }
}

extension LineValue {
    /// Every unit's worth, spelled out: only for small hand-checked orders.
    var perUnit: [Int64] { (0..<units).map { worth(after: $0, count: 1) } }
}
