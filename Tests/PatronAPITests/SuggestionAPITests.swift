import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronAPI
import PatronCore
import Testing

/// The suggestion box over HTTP: behind a trusted proxy each client address has its own allowance.
struct SuggestionAPITests {
    static let body = #"{"text":"Please add more sizes in the Nanjing store","category":"product","contact":"someone@example.com"}"#

    func submit(_ client: any TestClientProtocol, from address: String) async throws -> (HTTPResponse.Status, [String: Any], String?) {
        try await client.execute(uri: "/suggestions", method: .post,
                                 headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: address],
                                 body: ByteBuffer(string: Self.body)) { ($0.status, $0.json, $0.headers[.retryAfter]) }
    }

    @Test func aFloodIs429ForItsAddressOnlyAndTheCodeShowsTheStatus() async throws {
        try await TestApp.run(configure: { $0.trustForwardedFor = true }) { client, _ in
            var code = ""
            for _ in 0..<5 {
                let (status, json, _) = try await submit(client, from: "203.0.113.9")
                #expect(status == .created)
                code = json["code"] as? String ?? ""
            }
            let (refused, error, retryAfter) = try await submit(client, from: "203.0.113.9")
            #expect(refused == .tooManyRequests)
            #expect((error["error"] as? [String: Any])?["code"] as? String == "too_many_requests")
            #expect(Int(retryAfter ?? "") ?? 0 > 0)
            let (other, _, _) = try await submit(client, from: "198.51.100.20")
            #expect(other == .created)

            let status = try await TestApp.send(client, .get, "/suggestions/status/\(code)", token: nil)
            #expect(status.status == .ok && status.json["status"] as? String == "received")
            #expect(status.json["text"] == nil && status.json["contact"] == nil)

            let admin = try await TestApp.login(client)
            let queue = try await TestApp.send(client, .get, "/suggestions?status=received&limit=10", token: admin)
            let items = try #require(queue.json["items"] as? [[String: Any]])
            #expect(items.count == 6)
            #expect(items.first?["contactMasked"] as? String == "s•••@example.com")
            let id = try #require(items.first?["id"] as? String)
            let routed = try await TestApp.send(client, .patch, "/suggestions/\(id)", token: admin, json: #"{"department":"purchasing"}"#)
            #expect(routed.json["status"] as? String == "routed" && routed.json["department"] as? String == "purchasing")
            let analyst = try await TestApp.login(client, username: "analyst")
            #expect(try await TestApp.send(client, .get, "/suggestions", token: analyst).status == .forbidden)
        }
    }
}
