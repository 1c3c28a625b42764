import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The interactions API as a contact centre or WeChat integration uses it: one at a time with a retry that
/// answers the stored interaction, in bulk with an answer per item, and read back per customer.
struct InteractionsAPITests {
    static func firstId(_ client: any TestClientProtocol, _ path: String, token: String) async throws -> String {
        let page = try await TestApp.send(client, .get, "\(path)?limit=1", token: token)
        return ((page.json["items"] as? [[String: Any]])?.first?["id"] as? String) ?? ""
    }

    @Test func logRetryReadAndListACustomersInteractions() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            let customer = try await Self.firstId(client, "/customers", token: token)
            let body = #"{"channel":"hotline","direction":"inbound","kind":"complaint","subject":"退货进度","body":"客户询问退款何时到账","customerId":"\#(customer)","occurredAt":"2026-01-05T10:00:00Z","externalId":"call-0001"}"#
            let created = try await TestApp.send(client, .post, "/interactions", token: token, json: body)
            #expect(created.status == .created)
            let id = created.json["id"] as? String ?? ""
            let retry = try await TestApp.send(client, .post, "/interactions", token: token, json: body)
            #expect(retry.status == .ok && retry.json["id"] as? String == id)
            let read = try await TestApp.send(client, .get, "/interactions/\(id)", token: token)
            #expect(read.json["body"] as? String == "客户询问退款何时到账" && read.json["kind"] as? String == "complaint")
            let list = try await TestApp.send(client, .get, "/customers/\(customer)/interactions?limit=5", token: token)
            #expect((list.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            let missing = try await TestApp.send(client, .get, "/interactions/\(UUID().uuidString)", token: token)
            #expect(missing.status == .notFound)
        }
    }

    @Test func aBatchAnswersEachItemAndAnUnidentifiedContactIsKeptWithoutShowingIt() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            let batch = #"""
            {"interactions":[
              {"channel":"wechat","direction":"inbound","kind":"inquiry","subject":"尺码咨询","contact":{"kind":"wechat_openid","value":"oWx_001"},"occurredAt":"2026-01-05T10:00:00Z","externalId":"wx-1"},
              {"channel":"sms","direction":"inbound","kind":"feedback","subject":"好评","contact":{"kind":"mobile","value":"12ab"},"occurredAt":"2026-01-05T10:01:00Z"},
              {"channel":"wechat","direction":"inbound","kind":"inquiry","subject":"尺码咨询","contact":{"kind":"wechat_openid","value":"oWx_001"},"occurredAt":"2026-01-05T10:00:00Z","externalId":"wx-1"}
            ]}
            """#
            let first = try await TestApp.send(client, .post, "/interactions/batch", token: token, json: batch)
            #expect(first.status == .ok)
            let results = first.json["results"] as? [[String: Any]] ?? []
            #expect(results.map { $0["outcome"] as? String } == ["created", "rejected", "rejected"])
            #expect((results[1]["error"] as? [String: Any])?["field"] as? String == "interactions[1].contact.value")
            let again = try await TestApp.send(client, .post, "/interactions/batch", token: token,
                                               json: #"{"interactions":[{"channel":"wechat","direction":"inbound","kind":"inquiry","subject":"尺码咨询","contact":{"kind":"wechat_openid","value":"oWx_001"},"occurredAt":"2026-01-05T10:00:00Z","externalId":"wx-1"}]}"#)
            let retried = (again.json["results"] as? [[String: Any]])?.first
            #expect(retried?["outcome"] as? String == "existing" && retried?["interactionId"] as? String == results[0]["interactionId"] as? String)
            let read = try await TestApp.send(client, .get, "/interactions/\(results[0]["interactionId"] as? String ?? "")", token: token)
            #expect(read.json["contactKind"] as? String == "wechat_openid" && read.json["customerId"] == nil)
            let empty = try await TestApp.send(client, .post, "/interactions/batch", token: token, json: #"{"interactions":[]}"#)
            #expect(empty.status == .unprocessableContent)
        }
    }
}
