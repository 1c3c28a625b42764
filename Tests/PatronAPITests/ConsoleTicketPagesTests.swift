import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

/// The console's ticket pages through a signed-in agent: the queue shows the ticket with its SLA countdown,
/// the agent takes it, replies, notes, is refused a skipped move inline, and resolves it with a code; and opens a
/// ticket from a logged complaint through the form, which refuses bad input inline.
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

    @Test func anAgentOpensATicketFromAComplaintOnTheCustomerPage() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            let customer = try await Customer360APITests.busiestCustomer(client, token: token)
            let store = try await InteractionsAPITests.firstId(client, "/stores", token: token)
            let now = ISO8601DateFormatter().string(from: Date())
            let logged = try await TestApp.send(client, .post, "/interactions", token: token, json: #"""
                {"channel":"hotline","direction":"inbound","kind":"complaint","subject":"鞋底开胶","body":"穿了一周鞋底开胶","customerId":"\#(customer)","storeId":"\#(store)","occurredAt":"\#(now)"}
                """#)
            #expect(logged.status == .created)
            let interaction = try #require(logged.json["id"] as? String)

            let session = try await ConsoleSession.signIn(client, username: "cs.agent")
            let customerPage = try await session.get("/console/customers/\(customer)")
            let formPath = "/console/tickets/new?interaction=\(interaction)"
            #expect(customerPage.links(startingWith: "/console/tickets/new?interaction=").contains(formPath))
            #expect(customerPage.html.contains(#"class="open-ticket""#))
            #expect(try await session.get("/console/tickets").has(id: "new-ticket"))

            let form = try await session.get(formPath)
            #expect(form.status == .ok)
            #expect(form.has(id: "ticket-form") && form.has(id: "ticket-description") && form.has(id: "open-ticket"))
            #expect(form.value(of: "ticket-subject") == "鞋底开胶")
            #expect(form.html.contains(#"<option value="complaint" selected>"#), "a complaint contact opens a complaint ticket")
            let fields = [("kind", "complaint"), ("channel", "hotline"), ("priority", "high"), ("store", store), ("customer", customer),
                          ("interaction", interaction), ("subject", "鞋底开胶"), ("description", "穿了一周鞋底开胶，要求换货")]
            let opened = try await session.submit("/console/tickets", formPage: formPath, fields: fields)
            #expect(opened.status == .seeOther)
            let location = try #require(opened.location)
            #expect(location.hasPrefix("/console/tickets/"))
            let ticketPage = try await session.get(location)
            #expect(ticketPage.status == .ok)
            #expect(ticketPage.html.contains("鞋底开胶"))
            #expect(ticketPage.has(id: "customer360"), "the ticket page shows the customer's 360 beside the ticket")
            let id = String(location.dropFirst("/console/tickets/".count))
            let read = try await TestApp.send(client, .get, "/tickets/\(id)", token: token)
            #expect(read.json["interactionId"] as? String == interaction && read.json["kind"] as? String == "complaint")

            let blank = try await session.submit("/console/tickets", formPage: "/console/tickets/new",
                                                 fields: fields.map { $0.0 == "subject" ? ("subject", " ") : $0 })
            #expect(blank.status == .unprocessableContent && blank.has(id: "ticket-subject-error"))
            let badKind = try await session.submit("/console/tickets", formPage: "/console/tickets/new",
                                                   fields: fields.map { $0.0 == "kind" ? ("kind", "praise") : $0 })
            #expect(badKind.status == .unprocessableContent && badKind.html.contains("field-error"))
        }
    }
}
