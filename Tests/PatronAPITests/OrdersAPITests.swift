import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

struct OrdersAPITests {
    struct Shop {
        var token: String
        var store: String
    }

    static func shop(_ client: any TestClientProtocol) async throws -> Shop {
        let admin = try await TestApp.login(client)
        let stores = try await TestApp.send(client, .get, "/stores?limit=200", token: admin).json["items"] as? [[String: Any]] ?? []
        return Shop(token: admin, store: try #require(stores.first { $0["code"] as? String == "SH-001" }?["id"] as? String))
    }

    /// Two lines: 2 × 129,900 with a 10,000 line discount, and 1 × 9,900; 5,000 off the order; paid by card and WeChat.
    static func body(_ shop: Shop, pos: String, payments: String = #"[{"method":"bank_card","amount":200000},{"method":"wechat_pay","amount":54700}]"#,
                     orderDiscount: Int = 5_000, lineDiscount: Int = 10_000, quantity: Int = 2) -> String {
        #"""
        {"storeId":"\#(shop.store)","posNumber":"\#(pos)","channel":"store","occurredAt":"2026-03-01T06:30:00Z",
         "lines":[{"sku":"W-DRS-001","quantity":\#(quantity),"unitPrice":129900,"discount":\#(lineDiscount)},{"sku":"W-TOP-002","quantity":1,"unitPrice":9900}],
         "orderDiscount":\#(orderDiscount),"payments":\#(payments)}
        """#
    }

    @Test func theServerChecksTheArithmetic() async throws {
        try await TestApp.run { client, _ in
            let shop = try await Self.shop(client)
            let good = try await TestApp.send(client, .post, "/orders", token: shop.token, json: Self.body(shop, pos: "A-1"))
            #expect(good.status == .created)
            #expect(good.json["total"] as? Int == 254_700)
            #expect(good.json["subtotal"] as? Int == 259_700)
            let cases: [(String, String)] = [
                (Self.body(shop, pos: "A-2", payments: #"[{"method":"cash","amount":254699}]"#), "payments"),
                (Self.body(shop, pos: "A-3", lineDiscount: 300_000), "lines[0].discount"),
                (Self.body(shop, pos: "A-4", orderDiscount: 999_999), "orderDiscount"),
                (Self.body(shop, pos: "A-5", quantity: 0), "lines[0].quantity"),
                (Self.body(shop, pos: "A-6", payments: #"[{"method":"cash","amount":254800},{"method":"alipay","amount":-100}]"#), "payments[1].amount"),
                (Self.body(shop, pos: "A-7", payments: #"[{"method":"cash","amount":254000},{"method":"cash","amount":700}]"#), "payments"),
                (Self.body(shop, pos: "A-8").replacingOccurrences(of: "W-TOP-002", with: "NO-SUCH-SKU"), "lines[1].sku"),
                (Self.body(shop, pos: "A-9").replacingOccurrences(of: "2026-03-01", with: "2099-03-01"), "occurredAt"),
                (Self.body(shop, pos: "").replacingOccurrences(of: #""posNumber":"""#, with: #""posNumber":"""#), "posNumber"),
            ]
            for (body, field) in cases {
                let refused = try await TestApp.send(client, .post, "/orders", token: shop.token, json: body)
                #expect(refused.status == .unprocessableContent, "\(field): \(refused.status)")
                #expect(refused.error["field"] == field, "\(refused.error)")
            }
            let stored = try await TestApp.send(client, .get, "/orders?storeId=\(shop.store)&limit=200", token: shop.token)
            let numbers = (stored.json["items"] as? [[String: Any]] ?? []).compactMap { $0["posNumber"] as? String }
            #expect(numbers.filter { $0.hasPrefix("A-") } == ["A-1"])
        }
    }

    @Test func aRetryIsHarmlessAndChangedContentIsAConflict() async throws {
        try await TestApp.run { client, _ in
            let shop = try await Self.shop(client)
            let first = try await TestApp.send(client, .post, "/orders", token: shop.token, json: Self.body(shop, pos: "POS-77"))
            let again = try await TestApp.send(client, .post, "/orders", token: shop.token, json: Self.body(shop, pos: "POS-77"))
            #expect(first.status == .created)
            #expect(again.status == .ok)
            #expect(again.json["id"] as? String == first.json["id"] as? String)
            let changed = try await TestApp.send(client, .post, "/orders", token: shop.token,
                                                 json: Self.body(shop, pos: "POS-77", payments: #"[{"method":"cash","amount":254700}]"#))
            #expect(changed.status == .conflict)
            #expect(changed.error["field"] == "posNumber")

            let batch = try await TestApp.send(client, .post, "/orders/batch", token: shop.token, json: """
                {"orders":[\(Self.body(shop, pos: "POS-77")),\(Self.body(shop, pos: "POS-78")),\(Self.body(shop, pos: "POS-79", payments: #"[{"method":"cash","amount":1}]"#)),\(Self.body(shop, pos: "POS-78"))]}
                """)
            #expect(batch.status == .ok)
            let results = batch.json["results"] as? [[String: Any]] ?? []
            #expect(results.map { $0["outcome"] as? String } == ["existing", "created", "rejected", "existing"])
            #expect((results[2]["error"] as? [String: Any])?["field"] as? String == "payments")
        }
    }

    @Test func refundsNeverExceedWhatWasPaidPerLineAndMethod() async throws {
        try await TestApp.run { client, _ in
            let shop = try await Self.shop(client)
            let order = try await TestApp.send(client, .post, "/orders", token: shop.token, json: Self.body(shop, pos: "RF-1"))
            let id = try #require(order.json["id"] as? String)
            // Unit values: line 1 nets 249,800 − 4,809 share of the order discount = 244,991 → 122,495 and 122,496;
            // line 2 nets 9,900 − 191 = 9,709.
            let tooMuchCash = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: shop.token,
                                                     json: #"{"reason":"faulty","lines":[{"line":2,"quantity":1}],"refunds":[{"method":"cash","amount":9709}]}"#)
            #expect(tooMuchCash.status == .unprocessableContent)
            #expect(tooMuchCash.error["field"] == "refunds[0].amount")
            let overValue = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: shop.token,
                                                   json: #"{"reason":"faulty","lines":[{"line":2,"quantity":1}],"refunds":[{"method":"wechat_pay","amount":9710}]}"#)
            #expect(overValue.status == .unprocessableContent)
            #expect(overValue.error["field"] == "refunds")
            let partial = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: shop.token,
                                                 json: #"{"reason":"wrong size","lines":[{"line":1,"quantity":1}]}"#)
            #expect(partial.status == .created)
            #expect((partial.json["return"] as? [String: Any])?["refundTotal"] as? Int == 122_495)
            #expect((partial.json["order"] as? [String: Any])?["status"] as? String == "partially_refunded")
            let tooManyUnits = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: shop.token,
                                                      json: #"{"reason":"again","lines":[{"line":1,"quantity":2}]}"#)
            #expect(tooManyUnits.status == .unprocessableContent)
            #expect(tooManyUnits.error["field"] == "lines[0].quantity")
            let rest = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: shop.token,
                                              json: #"{"reason":"all back","lines":[{"line":1,"quantity":1},{"line":2,"quantity":1}]}"#)
            #expect(rest.status == .created)
            #expect((rest.json["return"] as? [String: Any])?["refundTotal"] as? Int == 122_496 + 9_709)
            #expect((rest.json["order"] as? [String: Any])?["status"] as? String == "refunded")
            let returns = try await TestApp.send(client, .get, "/orders/\(id)/returns", token: shop.token).json["items"] as? [[String: Any]] ?? []
            let refunded = returns.flatMap { ($0["refunds"] as? [[String: Any]]) ?? [] }
            var byMethod: [String: Int] = [:]
            for refund in refunded { byMethod[refund["method"] as! String, default: 0] += refund["amount"] as! Int }
            #expect(byMethod == ["bank_card": 200_000, "wechat_pay": 54_700])
            let after = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: shop.token,
                                               json: #"{"reason":"more","lines":[{"line":2,"quantity":1}]}"#)
            #expect(after.status == .conflict)
        }
    }

    @Test func anExchangeIsAReturnPlusALinkedOrder() async throws {
        try await TestApp.run { client, _ in
            let shop = try await Self.shop(client)
            let order = try await TestApp.send(client, .post, "/orders", token: shop.token, json: Self.body(shop, pos: "EX-1"))
            let id = try #require(order.json["id"] as? String)
            let replacement = Self.body(shop, pos: "EX-1-R", payments: #"[{"method":"bank_card","amount":200000},{"method":"wechat_pay","amount":54700}]"#)
            let exchange = try await TestApp.send(client, .post, "/orders/\(id)/exchanges", token: shop.token,
                                                  json: #"{"return":{"reason":"size M instead of L","lines":[{"line":1,"quantity":1}]},"order":\#(replacement)}"#)
            #expect(exchange.status == .created, "\(exchange.error)")
            let newOrder = exchange.json["order"] as? [String: Any]
            #expect(newOrder?["exchangeOf"] as? String == id)
            #expect(newOrder?["posNumber"] as? String == "EX-1-R")
            let original = try await TestApp.send(client, .get, "/orders/\(id)", token: shop.token)
            #expect(original.json["status"] as? String == "partially_refunded")
            let sales = try await TestApp.login(client, username: "bj001.sales")
            let elsewhere = try await TestApp.send(client, .post, "/orders", token: sales, json: Self.body(shop, pos: "BJ-X"))
            #expect(elsewhere.status == .forbidden, "a Beijing associate cannot record Shanghai sales")
        }
    }
}
