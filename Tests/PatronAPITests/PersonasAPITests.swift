import Foundation
import HTTPTypes
import HummingbirdTesting
import PatronCore
import Testing

/// Persona tags as a client uses them: an order through the API shows in the customer's tags in the next
/// request, the customer list filters by tag, the tag counts list what can be filtered, bad filters are 4xx.
struct PersonasAPITests {
    static func tags(_ client: any TestClientProtocol, _ id: String, token: String) async throws -> [String: Double] {
        let answer = try await TestApp.send(client, .get, "/customers/\(id)/personas", token: token)
        #expect(answer.status == .ok, "\(answer.error)")
        let items = answer.json["items"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: items.compactMap { item in
            guard let kind = item["kind"] as? String, let value = item["value"] as? String, let score = item["score"] as? Double else { return nil }
            return ("\(kind):\(value)", score)
        })
    }

    @Test func anOrderChangesTheTagsInTheSameRequestCycleAndTheListFiltersByThem() async throws {
        try await TestApp.run { client, _ in
            let shop = try await OrdersAPITests.shop(client)
            let admin = shop.token
            let created = try await TestApp.send(client, .post, "/customers", token: admin, json: #"{"name":"网购客","mobile":"13911112222","sourceChannel":"app"}"#)
            #expect(created.status == .created, "\(created.error)")
            let id = try #require(created.json["id"] as? String)
            #expect(try await Self.tags(client, id, token: admin).isEmpty)

            let order = #"""
                {"storeId":"\#(shop.store)","posNumber":"PERSONA-1","channel":"online","customerId":"\#(id)","occurredAt":"2026-03-07T12:30:00Z",
                 "lines":[{"sku":"W-DRS-001","quantity":1,"unitPrice":129900}],"payments":[{"method":"wechat_pay","amount":129900}]}
                """#
            let placed = try await TestApp.send(client, .post, "/orders", token: admin, json: order)
            #expect(placed.status == .created, "\(placed.error)")
            let tags = try await Self.tags(client, id, token: admin)
            #expect(tags["channel:online"] == 1)
            #expect(tags["week:weekend"] == 1, "Saturday 20:30 in Shanghai")
            #expect(tags["daypart:evening"] == 1)
            #expect(tags["store:SH-001"] == 1)
            #expect(tags["discount:low"] == 0)

            let online = try await TestApp.send(client, .get, "/customers?persona=channel:online&limit=100", token: admin)
            #expect(online.status == .ok, "\(online.error)")
            let ids = (online.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.contains(id))
            for other in ids { #expect(try await Self.tags(client, other, token: admin)["channel:online"] != nil) }
            let everyone = try await TestApp.send(client, .get, "/customers?limit=100", token: admin).json["items"] as? [[String: Any]] ?? []
            #expect(everyone.count > ids.count, "the demo has customers who do not buy online")

            let both = try await TestApp.send(client, .get, "/customers?persona=channel:online&persona=week:weekend&limit=100", token: admin)
            #expect((both.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }.contains(id))
            let none = try await TestApp.send(client, .get, "/customers?persona=channel:online&persona=week:weekday&limit=100", token: admin)
            #expect(!(none.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }.contains(id))

            for bad in ["gossip:loud", "channel:teleport", "channel"] {
                let refused = try await TestApp.send(client, .get, "/customers?persona=\(bad)", token: admin)
                #expect((400..<500).contains(refused.status.code), "\(bad): \(refused.status)")
            }

            let counts = try await TestApp.send(client, .get, "/analytics/personas", token: admin)
            #expect(counts.status == .ok)
            let online2 = (counts.json["items"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "channel" && $0["value"] as? String == "online" }
            #expect((online2?["customers"] as? Int) == ids.count)

            #expect(try await TestApp.send(client, .get, "/customers/\(UUID().uuidString)/personas", token: admin).status == .notFound)
        }
    }
}
