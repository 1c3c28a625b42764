import Foundation
import HTTPTypes
import HummingbirdTesting
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// `GET /customers/{id}/recommendations` as a client uses it: the shape of each item and its reason, the limit's
/// range, and unknown customers.
struct RecommendationsAPITests {
    @Test func answersItemsWithReasonsWithinTheLimit() async throws {
        try await TestApp.run { client, url in
            try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                _ = try await SQLRecommendationRepository(database).rebuild(at: Date(), settings: .init(minimumSupport: 1))
            }
            let admin = try await TestApp.login(client)
            let id = try await Customer360APITests.busiestCustomer(client, token: admin)
            let agent = try await TestApp.login(client, username: "cs.agent")
            let answer = try await TestApp.send(client, .get, "/customers/\(id)/recommendations?limit=5", token: agent)
            #expect(answer.status == .ok)
            let items = try #require(answer.json["items"] as? [[String: Any]])
            #expect((1...5).contains(items.count))
            for item in items {
                #expect(item["productId"] is String && item["sku"] is String && item["name"] is String && item["score"] is Double)
                let reason = try #require(item["reason"] as? [String: Any])
                switch reason["kind"] as? String {
                case "boughtWith": #expect(reason["productId"] is String && reason["productName"] is String)
                case "popularInCategory": #expect(reason["categoryId"] is String && reason["categoryName"] is String)
                default: Issue.record("unknown reason \(reason)")
                }
            }
            let defaulted = try await TestApp.send(client, .get, "/customers/\(id)/recommendations", token: agent)
            #expect(defaulted.status == .ok && ((defaulted.json["items"] as? [Any])?.count ?? 0) <= 10)
        }
    }

    @Test func refusesALimitOutOfRangeAndAnswers404ForAnUnknownCustomer() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Customer360APITests.busiestCustomer(client, token: admin)
            for limit in ["0", "51"] {
                let refused = try await TestApp.send(client, .get, "/customers/\(id)/recommendations?limit=\(limit)", token: admin)
                #expect(refused.status == .unprocessableContent && refused.error["field"] == "limit")
            }
            #expect(try await TestApp.send(client, .get, "/customers/\(id)/recommendations?limit=x", token: admin).status == .badRequest)
            let unknown = try await TestApp.send(client, .get, "/customers/00000000-0000-4000-8000-000000000001/recommendations", token: admin)
            #expect(unknown.status == .notFound && unknown.error["code"] == "not_found")
            #expect(try await TestApp.send(client, .get, "/customers/\(id)/recommendations", token: nil).status == .unauthorized)
        }
    }
}
