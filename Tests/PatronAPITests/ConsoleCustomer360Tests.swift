import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The customer page's 360: the summary panel, the timeline paged by its "older" link, and logging an
/// interaction that then shows in the timeline and the panel.
struct ConsoleCustomer360Tests {
    @Test func theTimelinePagesOlderAndALoggedInteractionAppears() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Customer360APITests.busiestCustomer(client, token: admin)
            for day in 1...21 {
                let body = #"{"channel":"hotline","direction":"inbound","kind":"inquiry","subject":"咨询 \#(day)","customerId":"\#(id)","occurredAt":"2025-12-\#(String(format: "%02d", day))T10:00:00Z"}"#
                #expect(try await TestApp.send(client, .post, "/interactions", token: admin, json: body).status == .created)
            }
            let console = try await ConsoleClient.signedIn(client)
            let page = try await console.get("/console/customers/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"id="customer360""#))
            #expect(page.body.contains(#"id="timeline-entries""#))
            #expect(page.body.contains(#"id="c360-orders""#))

            let older = try #require(Self.attribute("href", ofId: "timeline-older", in: page.body), "the customer has over 20 entries")
            let second = try await console.get(older.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok)
            #expect(second.body.contains(#"id="timeline-entries""#))
            #expect(Self.entries(second.body).first != Self.entries(page.body).first)
            #expect(try await console.get("/console/customers/\(id)?before=forged").status == .unprocessableContent)

            _ = try await console.get("/console/customers/\(id)")
            let logged = try await console.post("/console/customers/\(id)/interactions", fields: [
                ("channel", "hotline"), ("direction", "inbound"), ("kind", "inquiry"), ("subject", "询问退货政策"), ("body", "来电询问"),
            ])
            #expect(logged.status == .seeOther)
            #expect(logged.location == "/console/customers/\(id)#timeline")
            let after = try await console.get("/console/customers/\(id)")
            #expect(Self.entries(after.body).first?.contains("询问退货政策") == true, "the newest entry is the contact just logged")
            #expect(after.body.contains(#"id="c360-interactions""#))

            let empty = try await console.post("/console/customers/\(id)/interactions", fields: [
                ("channel", "hotline"), ("direction", "inbound"), ("kind", "inquiry"), ("subject", "  "),
            ])
            #expect(empty.status == .unprocessableContent)
        }
    }

    @Test func withoutTheInteractionPermissionTheFormIsNotOffered() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Customer360APITests.busiestCustomer(client, token: admin)
            for day in 1...21 {
                let body = #"{"channel":"hotline","direction":"inbound","kind":"inquiry","subject":"咨询 \#(day)","customerId":"\#(id)","occurredAt":"2025-12-\#(String(format: "%02d", day))T10:00:00Z"}"#
                #expect(try await TestApp.send(client, .post, "/interactions", token: admin, json: body).status == .created)
            }
            let console = try await ConsoleClient.signedIn(client, as: "marketing")
            let page = try await console.get("/console/customers/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"id="timeline""#))
            #expect(!page.body.contains(#"id="interaction-form""#))
        }
    }

    /// The `<li>` texts of the timeline list, in order.
    static func entries(_ html: String) -> [String] {
        guard let start = html.range(of: #"id="timeline-entries">"#), let end = html.range(of: "</ol>", range: start.upperBound..<html.endIndex) else {
            return []
        }
        return Array(String(html[start.upperBound..<end.lowerBound]).components(separatedBy: "<li").dropFirst())
    }

    static func attribute(_ name: String, ofId id: String, in html: String) -> String? {
        guard let tag = html.range(of: #"id="\#(id)""#) else { return nil }
        let before = html[..<tag.lowerBound]
        guard let open = before.range(of: "<", options: .backwards),
              let attribute = html.range(of: #"\#(name)=""#, range: open.upperBound..<tag.lowerBound) else { return nil }
        let rest = html[attribute.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
