import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The tickets API through one case: opened and routed, replied to and noted, moved along the lifecycle (with
/// the moves it refuses), changed and listed by queue.
struct TicketsAPITests {
    @Test func aTicketFromOpeningToResolution() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            let customer = try await InteractionsAPITests.firstId(client, "/customers", token: token)
            let store = try await InteractionsAPITests.firstId(client, "/stores", token: token)
            let rules = try await TestApp.send(client, .put, "/ticket-routing-rules", token: token,
                                               json: #"{"rules":[{"kind":"repair","queue":"store_management"},{"category":"物流","queue":"purchasing"}]}"#)
            #expect(rules.status == .ok && (rules.json["rules"] as? [[String: Any]])?.count == 2)
            let opened = try await TestApp.send(client, .post, "/tickets", token: token, json: #"""
                {"kind":"complaint","channel":"hotline","customerId":"\#(customer)","storeId":"\#(store)","subject":"快递破损","description":"外箱压坏","category":"物流","attachments":[{"name":"照片.jpg","reference":"https://files.example.com/p1"}]}
                """#)
            #expect(opened.status == .created)
            #expect(opened.json["queue"] as? String == "purchasing" && opened.json["status"] as? String == "new")
            let id = opened.json["id"] as? String ?? ""

            let reply = try await TestApp.send(client, .post, "/tickets/\(id)/messages", token: token, json: #"{"kind":"reply","body":"已为您补发"}"#)
            #expect(reply.status == .created && reply.json["kind"] as? String == "reply" && reply.json["delivery"] != nil)
            _ = try await TestApp.send(client, .post, "/tickets/\(id)/messages", token: token, json: #"{"kind":"note","body":"仓库确认"}"#)
            let thread = try await TestApp.send(client, .get, "/tickets/\(id)/messages", token: token)
            #expect((thread.json["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["reply", "note"])

            let skip = try await TestApp.send(client, .post, "/tickets/\(id)/transitions", token: token, json: #"{"status":"closed"}"#)
            #expect(skip.status == .conflict && skip.error["field"] == "status")
            let noCode = try await TestApp.send(client, .post, "/tickets/\(id)/transitions", token: token, json: #"{"status":"resolved"}"#)
            #expect(noCode.status == .unprocessableContent && noCode.error["field"] == "resolutionCode")
            let resolved = try await TestApp.send(client, .post, "/tickets/\(id)/transitions", token: token,
                                                  json: #"{"status":"resolved","resolutionCode":"goodwill"}"#)
            #expect(resolved.status == .ok && resolved.json["resolutionCode"] as? String == "goodwill")
            let reopened = try await TestApp.send(client, .post, "/tickets/\(id)/transitions", token: token, json: #"{"status":"in_progress"}"#)
            #expect(reopened.json["status"] as? String == "in_progress" && reopened.json["resolutionCode"] == nil)

            let patched = try await TestApp.send(client, .patch, "/tickets/\(id)", token: token, json: #"{"priority":"urgent","queue":"customer_service"}"#)
            #expect(patched.status == .ok && patched.json["priority"] as? String == "urgent" && patched.json["queue"] as? String == "customer_service")
            let queue = try await TestApp.send(client, .get, "/tickets?queue=customer_service&status=open", token: token)
            #expect((queue.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            let none = try await TestApp.send(client, .get, "/tickets?queue=purchasing&status=open", token: token)
            #expect((none.json["items"] as? [[String: Any]])?.isEmpty == true)
            let read = try await TestApp.send(client, .get, "/tickets/\(id)", token: token)
            #expect(read.json["description"] as? String == "外箱压坏" && (read.json["attachments"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func badInputIsRefusedNamingTheField() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            let noSubject = try await TestApp.send(client, .post, "/tickets", token: token, json: #"{"kind":"inquiry","channel":"app","subject":" "}"#)
            #expect(noSubject.status == .unprocessableContent && noSubject.error["field"] == "subject")
            let badRule = try await TestApp.send(client, .put, "/ticket-routing-rules", token: token, json: #"{"rules":[{"queue":"nowhere"}]}"#)
            #expect(badRule.status == .unprocessableContent || badRule.status == .badRequest)
            let missing = try await TestApp.send(client, .get, "/tickets/\(UUID().uuidString)", token: token)
            #expect(missing.status == .notFound)
        }
    }
}
