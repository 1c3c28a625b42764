import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

/// The console's ticket pages through a signed-in agent: the queue shows the ticket with its SLA countdown,
/// the agent takes it, replies, notes, is refused a skipped move inline, and resolves it with a code.
struct ConsoleTicketPagesTests {
    @Test func anAgentWorksATicketFromTheQueueToResolution() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            let store = try await InteractionsAPITests.firstId(client, "/stores", token: token)
            let ticket = try await TestApp.send(client, .post, "/tickets", token: token, json: #"""
                {"kind":"complaint","channel":"email","storeId":"\#(store)","subject":"发票抬头错误","description":"请重开发票"}
                """#).json["id"] as? String ?? ""
            let session = try await ConsoleSession.signIn(client, username: "cs.agent")
            let queue = try await session.get("/console/tickets?queue=customer_service")
            #expect(queue.status == .ok)
            #expect(queue.links(startingWith: "/console/tickets/").contains("/console/tickets/\(ticket)"))
            #expect(queue.html.contains("sla sla-ok") || queue.html.contains("sla sla-soon"), "an open e-mail ticket shows a running countdown")

            let path = "/console/tickets/\(ticket)"
            let taken = try await session.submit("\(path)/take", formPage: path, fields: [])
            #expect(taken.status == .seeOther)
            let replied = try await session.submit("\(path)/messages", formPage: path, fields: [("kind", "reply"), ("body", "已为您重开发票")])
            #expect(replied.status == .seeOther)
            _ = try await session.submit("\(path)/messages", formPage: path, fields: [("kind", "note"), ("body", "财务已处理")])
            let page = try await session.get(path)
            #expect(page.html.contains("已为您重开发票") && page.html.contains("财务已处理") && page.html.contains("message message-note"))
            #expect(page.has(id: "resolve-form"))

            let skipped = try await session.submit("\(path)/transition", formPage: path, fields: [("status", "closed")])
            #expect(skipped.status == .unprocessableContent && skipped.has(id: "ticket-error"))
            let resolved = try await session.submit("\(path)/transition", formPage: path, fields: [("status", "resolved"), ("resolution", "refund")])
            #expect(resolved.status == .seeOther)
            let read = try await TestApp.send(client, .get, "/tickets/\(ticket)", token: token)
            #expect(read.json["status"] as? String == "resolved" && read.json["resolutionCode"] as? String == "refund")
            #expect(read.json["assigneeId"] != nil && read.json["firstRepliedAt"] != nil)
        }
    }
}
