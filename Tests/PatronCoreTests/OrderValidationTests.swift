import Foundation
import PatronCore
import Testing

struct OrderValidationTests {
    let store = UUID()

    func order(lines: [OrderLine], discount: Int64 = 0, payments: [Payment]) -> Order {
        Order(storeId: store, posNumber: "SH-1", channel: .store, customerId: nil, occurredAt: Date(),
              lines: lines, orderDiscountMinor: discount, payments: payments)
    }

    @Test func acceptsAnOrderWhoseAmountsAddUp() throws {
        let o = order(lines: [OrderLine(sku: "A", productId: nil, quantity: 2, unitPriceMinor: 1_000, discountMinor: 100),
                              OrderLine(sku: "B", productId: nil, quantity: 1, unitPriceMinor: 500)],
                      discount: 400, payments: [Payment(method: .wechatPay, amountMinor: 2_000)])
        try o.validate()
        #expect(o.subtotalMinor == 2_400)
        #expect(o.totalMinor == 2_000)
    }

    @Test func rejectsPaymentsThatDoNotMatchTheTotal() {
        let o = order(lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 1_000)],
                      payments: [Payment(method: .cash, amountMinor: 900)])
        #expect(throws: PatronError.invalid(field: "payments", message: "payments add up to 900 but the order total is 1000")) {
            try o.validate()
        }
    }

    @Test func rejectsALineDiscountAboveTheLineAmount() {
        let o = order(lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 1_000, discountMinor: 1_001)],
                      payments: [Payment(method: .cash, amountMinor: 1)])
        #expect(throws: PatronError.self) { try o.validate() }
        #expect((try? o.validate()) == nil)
        do { try o.validate() } catch { #expect(error.field == "lines[0].discount") }
    }

    @Test func rejectsZeroQuantityAndNegativePayments() {
        let zero = order(lines: [OrderLine(sku: "A", productId: nil, quantity: 0, unitPriceMinor: 1_000)],
                         payments: [Payment(method: .cash, amountMinor: 0)])
        do { try zero.validate(); Issue.record("accepted") } catch { #expect(error.field == "lines[0].quantity") }
        let negative = order(lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 1_000)],
                             payments: [Payment(method: .cash, amountMinor: 1_500), Payment(method: .alipay, amountMinor: -500)])
        do { try negative.validate(); Issue.record("accepted") } catch { #expect(error.field == "payments[1].amount") }
    }

    @Test func rejectsAnOrderDiscountAboveTheSubtotal() {
        let o = order(lines: [OrderLine(sku: "A", productId: nil, quantity: 1, unitPriceMinor: 1_000)], discount: 2_000,
                      payments: [Payment(method: .cash, amountMinor: 1)])
        do { try o.validate(); Issue.record("accepted") } catch { #expect(error.field == "orderDiscount") }
    }
}
