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

    @Test func thePublicPagesTakeASuggestionAndShowItsStatus() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/suggest?lang=en", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Suggestion box") && html.contains("name=\"text\"") && html.contains("website_app"))
            }
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/suggest?lang=en", method: .post, headers: form, body: ByteBuffer(string: "text=short&category=store")) {
                #expect($0.status == .unprocessableContent)
                #expect(String(buffer: $0.body).contains("between 10 and 2000"))
            }
            let code = try await client.execute(uri: "/suggest", method: .post, headers: form,
                                                body: ByteBuffer(string: "text=%E8%AF%95%E8%A1%A3%E9%97%B4%E5%A4%AA%E5%B0%91%E4%BA%86%EF%BC%8C%E5%91%A8%E6%9C%AB%E8%A6%81%E6%8E%92%E9%98%9F&category=store")) {
                response -> String in
                #expect(response.status == .created)
                let html = String(buffer: response.body)
                return html.firstMatch(of: /S-[0-9A-Z]{4}-[0-9A-Z]{4}/).map { String($0.output) } ?? ""
            }
            #expect(!code.isEmpty)
            try await client.execute(uri: "/suggest/status?lang=en&code=\(code)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Received"))
            }
            try await client.execute(uri: "/suggest/status?lang=en&code=S-2222-2222", method: .get) { #expect($0.status == .notFound) }
        }
    }
}
