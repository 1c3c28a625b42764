import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

/// Customer insight as a client uses it: an order changes the customer's insight in the same request cycle,
/// a refresh agrees, and the RFM and lifecycle reports drill down to masked customers.
struct InsightAPITests {
    static func order(store: String, customer: String, pos: String, amount: Int) -> String {
        let now = Date().formatted(.iso8601)
        return #"""
        {"storeId":"\#(store)","posNumber":"\#(pos)","channel":"store","customerId":"\#(customer)","occurredAt":"\#(now)",
         "lines":[{"sku":"W-TOP-002","quantity":1,"unitPrice":\#(amount)}],"payments":[{"method":"cash","amount":\#(amount)}]}
        """#
    }

    @Test func anOrderChangesTheInsightAtOnceAndARefreshAgrees() async throws {
        try await TestApp.run { client, _ in
            let shop = try await OrdersAPITests.shop(client)
            let refreshed = try await TestApp.send(client, .post, "/analytics/refresh", token: shop.token)
            #expect(refreshed.status == .ok, "\(refreshed.error)")
            // A repeat buyer whose last purchase was before today, so an order today is a new purchase day.
            let today = String(Date().formatted(.iso8601).prefix(10))
            let orderList = try await TestApp.send(client, .get, "/orders?limit=200", token: shop.token).json["items"] as? [[String: Any]] ?? []
            var candidate: (id: String, insight: (status: HTTPResponse.Status, json: [String: Any], error: [String: String]))?
            for id in Set(orderList.compactMap { $0["customerId"] as? String }).sorted() where candidate == nil {
                let insight = try await TestApp.send(client, .get, "/customers/\(id)/insight", token: shop.token)
                #expect(insight.status == .ok, "\(insight.error)")
                if (insight.json["frequency"] as? Int ?? 0) > 0, let last = insight.json["lastPurchaseOn"] as? String, last < today {
                    candidate = (id, insight)
                }
            }
            let (id, before) = try #require(candidate)
            let orders = try #require(before.json["orders"] as? Int)
            let spend = try #require(before.json["netSpendMinor"] as? Int)

            let placed = try await TestApp.send(client, .post, "/orders", token: shop.token,
                                                json: Self.order(store: shop.store, customer: id, pos: "INS-API-1", amount: 9_900))
            #expect(placed.status == .created, "\(placed.error)")
            let after = try await TestApp.send(client, .get, "/customers/\(id)/insight", token: shop.token)
            #expect(after.json["orders"] as? Int == orders + 1)
            #expect(after.json["netSpendMinor"] as? Int == spend + 9_900)
            #expect(after.json["lastPurchaseOn"] as? String == today)
            #expect(after.json["frequency"] as? Int == (before.json["frequency"] as? Int ?? 0) + 1)
            #expect(after.json["rScore"] as? Int == 5, "a purchase today is the most recent there is")
            let clvBefore = try #require(before.json["clvMinor"] as? Int, "the demo base is enough to fit the models")
            let clvAfter = try #require(after.json["clvMinor"] as? Int)
            #expect(clvAfter != clvBefore)
            let pAliveBefore = try #require(before.json["pAlive"] as? Double)
            let pAliveAfter = try #require(after.json["pAlive"] as? Double)
            #expect(pAliveAfter > pAliveBefore, "a new purchase makes the customer more likely alive")
            #expect(after.json["modelVersion"] as? String == before.json["modelVersion"] as? String, "scored from the stored model")

            let again = try await TestApp.send(client, .post, "/analytics/refresh", token: shop.token)
            #expect(again.status == .ok)
            let rebuilt = try await TestApp.send(client, .get, "/customers/\(id)/insight", token: shop.token)
            for key in ["orders", "purchaseDays", "frequency", "netSpendMinor", "averageRepeatSpendMinor", "firstPurchaseOn", "lastPurchaseOn", "stage"] {
                #expect("\(rebuilt.json[key] ?? "nil")" == "\(after.json[key] ?? "nil")", "\(key)")
            }

            let unknown = try await TestApp.send(client, .get, "/customers/\(UUID().uuidString.lowercased())/insight", token: shop.token)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func theReportsCountTheBaseAndDrillDownToMaskedCustomers() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let report = try await TestApp.send(client, .post, "/analytics/refresh", token: admin)
            let customers = try #require(report.json["customers"] as? Int)
            let lifecycle = try await TestApp.send(client, .get, "/analytics/lifecycle", token: admin)
            let stages = try #require(lifecycle.json["stages"] as? [[String: Any]])
            #expect(stages.count == 6)
            #expect(stages.compactMap { $0["customers"] as? Int }.reduce(0, +) == customers)

            let clv = try await TestApp.send(client, .get, "/analytics/clv", token: admin)
            #expect(clv.status == .ok, "\(clv.error)")
            let bands = try #require(clv.json["bands"] as? [[String: Any]])
            #expect(!bands.isEmpty, "the demo base is enough to fit the models")
            let without = try #require(clv.json["withoutForecast"] as? Int)
            #expect(bands.compactMap { $0["customers"] as? Int }.reduce(0, +) + without == customers, "every scored customer in one band or without")
            for (band, next) in zip(bands, bands.dropFirst()) {
                #expect(band["upperMinor"] as? Int == next["lowerMinor"] as? Int, "bands are contiguous")
            }
            #expect((bands.first?["customers"] as? Int ?? 0) > 0 && (bands.last?["customers"] as? Int ?? 0) > 0, "trimmed to the filled range")

            let rfm = try await TestApp.send(client, .get, "/analytics/rfm", token: admin)
            #expect(rfm.status == .ok)
            #expect((rfm.json["grid"] as? [Any])?.count == 25)
            let segments = try #require(rfm.json["segments"] as? [[String: Any]])
            let busiest = try #require(segments.max { ($0["customers"] as? Int ?? 0) < ($1["customers"] as? Int ?? 0) })
            let segment = try #require(busiest["segment"] as? String)
            let count = try #require(busiest["customers"] as? Int)
            #expect(count > 0)

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await TestApp.send(client, .get, "/analytics/segments/\(segment)/customers?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                                  token: admin)
                #expect(page.status == .ok, "\(page.error)")
                let items = page.json["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 2)
                #expect(items.allSatisfy { $0["segment"] as? String == segment && ($0["displayName"] as? String)?.contains("*") == true })
                seen += items.compactMap { $0["customerId"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == count)
            #expect(Set(seen).count == count, "no customer twice")

            let bad = try await TestApp.send(client, .get, "/analytics/segments/whales/customers", token: admin)
            #expect(bad.status == .badRequest)
        }
    }
}
