import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

/// The console's order pages through a signed-in browser session: the list and its filters, an order with
/// its points, a return recorded by a sales associate (inline errors first, then success) and an exchange.
/// Orders are placed for a fresh customer so the points are known: ¥100 × 3 paid in cash earns 300 points.
struct ConsoleOrderPagesTests {
    struct Sale {
        var fixture: MembershipAPITests.Fixture
        var order: String
    }

    static func sale(_ client: any TestClientProtocol, pos: String) async throws -> Sale {
        let fixture = try await MembershipAPITests.fixture(client)
        let order = try await MembershipAPITests.placeOrder(client, fixture, pos: pos, at: MembershipAPITests.ago(minutes: 0),
                                                            lines: [(10_000, 3)], payments: [("cash", 30_000)])
        return Sale(fixture: fixture, order: order)
    }

    @Test func aSalesAssociateFindsTheOrderAndRecordsAReturn() async throws {
        try await TestApp.run { client, _ in
            let sale = try await Self.sale(client, pos: "CON-1")
            let session = try await ConsoleSession.signIn(client, username: "sh001.sales")

            let list = try await session.get("/console/orders")
            #expect(list.status == .ok)
            #expect(list.links(startingWith: "/console/orders/").contains("/console/orders/\(sale.order)"))
            #expect(list.matches(#"<option value="([0-9a-f-]{36})""#) == [sale.fixture.store], "an associate's store filter offers their store only")
            let refunded = try await session.get("/console/orders?status=refunded")
            #expect(!refunded.html.contains("CON-1"), "the status filter is applied in the query")
            let online = try await session.get("/console/orders?channel=online")
            #expect(!online.html.contains("CON-1"))
            let badDay = try await session.get("/console/orders?from=2026-02-30")
            #expect(badDay.status == .unprocessableContent)
            #expect(badDay.html.contains("field-error"))

            let detail = try await session.get("/console/orders/\(sale.order)")
            #expect(detail.status == .ok)
            #expect(detail.has(id: "return-link"))
            #expect(detail.text(of: "points-earned") == "300")
            #expect(detail.html.contains("/console/customers/\(sale.fixture.customer)"))

            let returnPath = "/console/orders/\(sale.order)/return"
            let form = try await session.get(returnPath)
            #expect(form.has(id: "return-form") && form.has(id: "qty_1") && form.has(id: "refund_cash") && form.has(id: "submit-return"))

            let preview = try await session.submit(returnPath, fields: [("qty_1", "1"), ("refund_cash", ""), ("reason", "尺码不合适"), ("action", "preview")])
            #expect(preview.status == .ok)
            #expect(preview.value(of: "refund_cash") == "100.00", "the refund is the chosen unit's worth")

            let tooMany = try await session.submit(returnPath, fields: [("qty_1", "5"), ("refund_cash", ""), ("reason", "尺码不合适")])
            #expect(tooMany.status == .unprocessableContent)
            #expect(tooMany.value(of: "qty_1") == "5", "the form keeps what was typed")
            #expect(tooMany.html.contains("field-error"))

            let overRefund = try await session.submit(returnPath, fields: [("qty_1", "1"), ("refund_cash", "200"), ("reason", "尺码不合适")])
            #expect(overRefund.status == .unprocessableContent)
            #expect(overRefund.has(id: "refunds-error"), "the service's `refunds` refusal is shown at the refund")

            let forged = try await session.post(returnPath, fields: [("qty_1", "1"), ("refund_cash", "100.00"), ("reason", "尺码不合适")])
            #expect(forged.status == .forbidden)

            let recorded = try await session.submit(returnPath, fields: [("qty_1", "1"), ("refund_cash", "100.00"), ("reason", "尺码不合适")])
            #expect(recorded.status == .seeOther)
            #expect(recorded.location == "/console/orders/\(sale.order)?returned=1")

            let after = try await session.get(recorded.location ?? "")
            #expect(after.has(id: "return-recorded"))
            #expect(after.matches(#"class="order-return""#).count == 1)
            #expect(after.text(of: "points-reversed") == "100")
            #expect(after.text(of: "points-net") == "+200")
            #expect(after.text(of: "order-refunded") == "¥100.00")
            #expect(after.has(id: "return-link"), "two units are left to return")
        }
    }

    @Test func anExchangeSellsReplacementGoodsAndLinksTheOrders() async throws {
        try await TestApp.run { client, _ in
            let sale = try await Self.sale(client, pos: "CON-2")
            let session = try await ConsoleSession.signIn(client)
            let path = "/console/orders/\(sale.order)/exchange"
            let fields = [("qty_1", "1"), ("reason", "换颜色"), ("sku_1", "W-TOP-002"), ("quantity_1", "1"), ("price_1", "150"),
                          ("pay_method", "alipay")]
            let unknown = try await session.submit(path, fields: [("qty_1", "1"), ("reason", "换颜色"), ("sku_1", "NO-SUCH-SKU")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.value(of: "sku_1") == "NO-SUCH-SKU")

            let preview = try await session.submit(path, fields: fields + [("action", "preview")])
            #expect(preview.status == .ok)
            #expect(preview.text(of: "exchange-difference")?.contains("¥50.00") == true)

            let done = try await session.submit(path, fields: fields)
            #expect(done.status == .seeOther, "\(done.html)")
            let replacement = try #require(done.location?.components(separatedBy: "exchanged=").last)
            let original = try await session.get(done.location ?? "")
            #expect(original.has(id: "exchange-recorded"))
            let newOrder = try await session.get("/console/orders/\(replacement)")
            #expect(newOrder.status == .ok)
            #expect(newOrder.html.contains("/console/orders/\(sale.order)"), "the new order links back to the original")
            #expect(newOrder.text(of: "order-total") == "¥150.00")
        }
    }

    @Test func aStoreScopedCallerCannotOpenAnotherStoresOrder() async throws {
        try await TestApp.run { client, _ in
            let sale = try await Self.sale(client, pos: "CON-3")
            let beijing = try await ConsoleSession.signIn(client, username: "bj001.sales")
            #expect(try await beijing.get("/console/orders/\(sale.order)").status == .forbidden)
            #expect(try await beijing.get("/console/orders/\(sale.order)/return").status == .forbidden)
            let refused = try await beijing.submit("/console/orders/\(sale.order)/return", formPage: "/console/orders",
                                                   fields: [("qty_1", "1"), ("reason", "越权")])
            #expect(refused.status == .forbidden)
            #expect(try await beijing.get("/console/orders/not-an-id").status == .notFound)
        }
    }
}
