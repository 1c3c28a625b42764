import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

/// Retries that are safe: a request repeated with the same `Idempotency-Key` is applied once and answered
/// with the first response; the key cannot be reused for another request, and duplicates racing each other
/// apply once.
struct IdempotencyAPITests {
    typealias M = MembershipAPITests
    static let keyHeader = HTTPField.Name("Idempotency-Key")!

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var body: String
        var replayed: Bool
        var error: [String: String]
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, token: String, key: String?, json: String) async throws -> Answer {
        var headers = HTTPFields.bearer(token, json: true)
        if let key { headers[keyHeader] = key }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json)) { response in
            Answer(status: response.status, body: String(buffer: response.body),
                   replayed: response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true", error: response.errorBody)
        }
    }

    static func returnCount(_ client: any TestClientProtocol, _ fixture: M.Fixture, order: String) async throws -> Int {
        let returns = try await TestApp.send(client, .get, "/orders/\(order)/returns", token: fixture.admin)
        #expect(returns.status == .ok, "\(returns.error)")
        return (returns.json["items"] as? [[String: Any]] ?? []).count
    }

    @Test func aRetriedPartialReturnIsAppliedOnceAndAnsweredTheSame() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await M.fixture(client)
            let order = try await M.placeOrder(client, fixture, pos: "ID-1", at: M.ago(minutes: 60), lines: [(10_000, 3)], payments: [("cash", 30_000)])
            let path = "/orders/\(order)/returns"
            let one = #"{"reason":"faulty","lines":[{"line":1,"quantity":1}]}"#

            let first = try await Self.post(client, path, token: fixture.admin, key: "return-7f3a", json: one)
            #expect(first.status == .created, "\(first.error)")
            #expect(!first.replayed)
            let retry = try await Self.post(client, path, token: fixture.admin, key: "return-7f3a", json: one)
            #expect(retry.status == .created)
            #expect(retry.body == first.body, "the retry answers the stored response byte for byte")
            #expect(retry.replayed)
            #expect(try await Self.returnCount(client, fixture, order: order) == 1, "the retry returned no more units")
            let stored = try await TestApp.send(client, .get, "/orders/\(order)", token: fixture.admin)
            #expect(stored.json["status"] as? String == "partially_refunded")

            let other = try await Self.post(client, path, token: fixture.admin, key: "return-7f3a",
                                            json: #"{"reason":"faulty","lines":[{"line":1,"quantity":2}]}"#)
            #expect(other.status == .unprocessableContent)
            #expect(other.error["code"] == "idempotency_key_reused")
            #expect(other.error["field"] == "Idempotency-Key")
            #expect(try await Self.returnCount(client, fixture, order: order) == 1)

            // Without a key the API behaves as before: a second identical return is a second return.
            let unkeyed = try await Self.post(client, path, token: fixture.admin, key: nil, json: one)
            #expect(unkeyed.status == .created, "\(unkeyed.error)")
            #expect(try await Self.returnCount(client, fixture, order: order) == 2)
        }
    }

    @Test func concurrentDuplicatesApplyOnce() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await M.fixture(client)
            let order = try await M.placeOrder(client, fixture, pos: "ID-2", at: M.ago(minutes: 60), lines: [(10_000, 5)], payments: [("cash", 50_000)])
            let path = "/orders/\(order)/returns"
            let body = #"{"reason":"faulty","lines":[{"line":1,"quantity":1}]}"#
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await Self.post(client, path, token: fixture.admin, key: "race-1", json: body) }
                }
                return try await group.reduce(into: [Answer]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == .created || ($0.status == .conflict && $0.error["code"] == "idempotency_key_in_flight") },
                    "\(answers.map { "\($0.status) \($0.error)" })")
            #expect(answers.filter { $0.status == .created && !$0.replayed }.count == 1, "exactly one request ran")
            #expect(try await Self.returnCount(client, fixture, order: order) == 1)
        }
    }

    @Test func aRetriedPointsAdjustmentCountsOnce() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await M.fixture(client)
            let path = "/customers/\(fixture.customer)/points/adjustments"
            let body = #"{"points":250,"reason":"goodwill for a late delivery"}"#
            let first = try await Self.post(client, path, token: fixture.admin, key: "adj-1", json: body)
            #expect(first.status == .created, "\(first.error)")
            let retry = try await Self.post(client, path, token: fixture.admin, key: "adj-1", json: body)
            #expect(retry.status == .created)
            #expect(retry.body == first.body)
            #expect(try await M.balance(client, fixture) == 250)

            let changed = try await Self.post(client, path, token: fixture.admin, key: "adj-1", json: #"{"points":500,"reason":"goodwill"}"#)
            #expect(changed.status == .unprocessableContent)
            #expect(changed.error["code"] == "idempotency_key_reused")

            // Keys belong to their caller: another staff member's "adj-1" is a request of its own.
            let supervisor = try await TestApp.login(client, username: "cs.supervisor")
            let theirs = try await Self.post(client, path, token: supervisor, key: "adj-1", json: body)
            if theirs.status == .created {
                #expect(!theirs.replayed)
                #expect(try await M.balance(client, fixture) == 500)
            } else {
                #expect(theirs.status == .forbidden, "\(theirs.error)")
            }

            // A refused request is not stored: the corrected request may use the same key.
            let overdraw = try await Self.post(client, path, token: fixture.admin, key: "adj-2", json: #"{"points":-100000,"reason":"x"}"#)
            #expect(overdraw.status == .unprocessableContent)
            #expect(overdraw.error["code"] == "insufficient_points")
            let corrected = try await Self.post(client, path, token: fixture.admin, key: "adj-2", json: #"{"points":-100000,"reason":"x"}"#)
            #expect(corrected.error["code"] == "insufficient_points", "an error is never replayed as success")
        }
    }

    @Test func aKeyMustBeOneTo255PrintableASCIICharacters() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await M.fixture(client)
            let path = "/customers/\(fixture.customer)/points/adjustments"
            let body = #"{"points":1,"reason":"r"}"#
            for bad in [String(repeating: "k", count: 256), "clé-1"] {
                let answer = try await Self.post(client, path, token: fixture.admin, key: bad, json: body)
                #expect(answer.status == .badRequest, "\(bad.count) characters: \(answer.status)")
            }
            #expect(try await M.balance(client, fixture) == 0)
            let longest = try await Self.post(client, path, token: fixture.admin, key: String(repeating: "k", count: 255), json: body)
            #expect(longest.status == .created, "\(longest.error)")
        }
    }
}
