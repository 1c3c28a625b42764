import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// The customer 360 as a client uses it: the summary in one call, the timeline paged with opaque cursors, merged
/// and erased customers answered like every other customer endpoint, and store scope applied.
struct Customer360APITests {
    /// The demo customer with the most orders.
    static func busiestCustomer(_ client: any TestClientProtocol, token: String) async throws -> String {
        var orders: [[String: Any]] = []
        var cursor: String?
        repeat {
            let page = try await TestApp.send(client, .get, "/orders?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token).json
            orders += page["items"] as? [[String: Any]] ?? []
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        let counts = Dictionary(grouping: orders.compactMap { $0["customerId"] as? String }, by: { $0 }).mapValues(\.count)
        return try #require(counts.max { $0.value < $1.value }?.key)
    }

    static func timeline(_ client: any TestClientProtocol, _ id: String, token: String, limit: Int) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var cursor: String?
        repeat {
            let query = "limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try await TestApp.send(client, .get, "/customers/\(id)/timeline?\(query)", token: token)
            #expect(page.status == .ok)
            let entries = page.json["items"] as? [[String: Any]] ?? []
            #expect(entries.count <= limit)
            items += entries
            cursor = page.json["nextCursor"] as? String
        } while cursor != nil
        return items
    }

    @Test func theSummaryAnswersEverythingInOneCallMasked() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Self.busiestCustomer(client, token: admin)
            let agent = try await TestApp.login(client, username: "cs.agent")
            let summary = try await TestApp.send(client, .get, "/customers/\(id)/summary", token: agent)
            #expect(summary.status == .ok, "\(summary.error)")
            let profile = try #require(summary.json["profile"] as? [String: Any])
            #expect(profile["id"] as? String == id)
            #expect(profile["masked"] as? Bool == true)
            let membership = try #require(summary.json["membership"] as? [String: Any])
            #expect(membership["tier"] is String)
            #expect(membership["points"] is [String: Any])
            let orders = try #require(summary.json["recentOrders"] as? [[String: Any]])
            #expect((1...5).contains(orders.count))
            let times = orders.compactMap { $0["occurredAt"] as? String }
            #expect(times == times.sorted(by: >), "newest first")
            #expect(summary.json["openTickets"] is [Any])
            #expect(summary.json["recentInteractions"] is [Any])
            #expect(summary.json["consents"] is [Any])
        }
    }

    @Test func theTimelinePagesWithoutSkippingOrRepeatingAndFiltersByKind() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Self.busiestCustomer(client, token: admin)
            let whole = try await Self.timeline(client, id, token: admin, limit: 100)
            #expect(Set(whole.compactMap { $0["kind"] as? String }).isSuperset(of: ["order", "points"]))
            let keys = whole.map { "\($0["kind"] ?? "")/\($0["id"] ?? "")" }
            #expect(Set(keys).count == keys.count)
            for limit in [1, 3] {
                #expect(try await Self.timeline(client, id, token: admin, limit: limit).map { "\($0["kind"] ?? "")/\($0["id"] ?? "")" } == keys)
            }
            let orders = try await TestApp.send(client, .get, "/customers/\(id)/timeline?kinds=order,return", token: admin).json["items"] as? [[String: Any]]
            #expect(orders?.isEmpty == false)
            #expect(orders?.allSatisfy { ["order", "return"].contains($0["kind"] as? String ?? "") } == true)

            #expect(try await TestApp.send(client, .get, "/customers/\(id)/timeline?cursor=forged", token: admin).status == .unprocessableContent)
            let tooMany = try await TestApp.send(client, .get, "/customers/\(id)/timeline?limit=101", token: admin)
            #expect(tooMany.status == .unprocessableContent && tooMany.error["field"] == "limit")
            let gossip = try await TestApp.send(client, .get, "/customers/\(id)/timeline?kinds=gossip", token: admin)
            #expect(gossip.status == .unprocessableContent, "\(gossip.status) \(gossip.error)")
        }
    }

    @Test func aStoreManagerSeesOnlyTheirStoresRecords() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Self.busiestCustomer(client, token: admin)
            let manager = try await TestApp.login(client, username: "sh001.manager")
            let me = try await TestApp.send(client, .get, "/me", token: manager).json
            let home = try #require((me["staff"] as? [String: Any])?["homeStoreId"] as? String)
            let timeline = try await Self.timeline(client, id, token: manager, limit: 2)
            #expect(timeline.allSatisfy { ($0["storeId"] as? String).map { $0 == home } ?? true })
            let summary = try await TestApp.send(client, .get, "/customers/\(id)/summary", token: manager)
            #expect(summary.status == .ok)
            #expect((summary.json["recentOrders"] as? [[String: Any]])?.allSatisfy { $0["storeId"] as? String == home } == true)
        }
    }

    @Test func mergedAndErasedCustomersAnswerLikeTheOtherCustomerEndpoints() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let survivor = try await CustomersAPITests.create(client, token: admin)
            let duplicate = try await CustomersAPITests.create(client, token: admin, #"{"name":"张伟","mobile":"13900001111","sourceChannel":"app"}"#)
            #expect(try await TestApp.send(client, .post, "/customers/\(survivor)/merge", token: admin,
                                           json: #"{"duplicateId":"\#(duplicate)"}"#).status == .ok)
            for path in ["/summary", "/timeline"] {
                let answer = try await client.execute(uri: "/customers/\(duplicate)\(path)", method: .get, headers: .bearer(admin)) { $0 }
                #expect(answer.status == .permanentRedirect)
                #expect(answer.headers[.location] == "/customers/\(survivor)\(path)")
            }
            #expect(try await TestApp.send(client, .post, "/customers/\(survivor)/erase", token: admin,
                                           json: #"{"reason":"PIPL erasure request #8"}"#).status == .noContent)
            for path in ["/summary", "/timeline"] {
                #expect(try await TestApp.send(client, .get, "/customers/\(survivor)\(path)", token: admin).status == .gone)
            }
            #expect(try await TestApp.send(client, .get, "/customers/\(UUID())/summary", token: admin).status == .notFound)
            let nobody = try await TestApp.send(client, .get, "/customers/\(survivor)/timeline", token: nil)
            #expect(nobody.status == .unauthorized)
        }
    }
}
