import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The console's customer actions — create, edit, merge, export, erase — through the real application,
/// signed in as a browser would be (the console's language is Chinese when the browser names none).
struct ConsoleCustomerActionsTests {
    static let newCustomer: [(String, String)] = [
        ("name", "王小明"), ("mobile", "139 1234 5678"), ("email", "wang.xm@example.com"), ("gender", "male"),
        ("birthday", "1988-03-08"), ("address", "上海市静安区南京西路1266号"), ("sourceChannel", "store"),
        ("preferredStoreId", ""), ("tags", "vip，丝绸"), ("notes", "喜欢晚上联系"),
    ]

    static func replacing(_ fields: [(String, String)], _ name: String, with value: String) -> [(String, String)] {
        fields.map { $0.0 == name ? (name, value) : $0 }
    }

    /// Creates a customer through the console form and answers its id.
    static func create(_ console: ConsoleClient, _ fields: [(String, String)] = newCustomer) async throws -> String {
        try await console.get("/console/customers/new")
        let created = try await console.post("/console/customers/new", fields: fields)
        #expect(created.status == .seeOther, "\(created.body)")
        let location = try #require(created.location)
        #expect(location.hasPrefix("/console/customers/"))
        return String(location.dropFirst("/console/customers/".count))
    }

    @Test func aBadMobileComesBackInlineWithTheValuesKept() async throws {
        try await TestApp.run { client, _ in
            let console = try await ConsoleClient.signedIn(client)
            let form = try await console.get("/console/customers/new")
            #expect(form.status == .ok)
            #expect(form.body.contains(#"id="customer-form""#))
            let refused = try await console.post("/console/customers/new", fields: Self.replacing(Self.newCustomer, "mobile", with: "12345"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#"id="error-mobile""#))
            #expect(refused.body.contains("请填写以 13–19 开头的 11 位大陆手机号"))
            #expect(refused.body.contains(#"value="12345""#))
            #expect(refused.body.contains(#"value="王小明""#))
            #expect(!refused.body.contains(#"id="error-name""#))

            let noSource = try await console.post("/console/customers/new", fields: Self.newCustomer + [("consent_sms", "granted")])
            #expect(noSource.status == .unprocessableContent)
            #expect(noSource.body.contains(#"id="error-consentSource""#))
        }
    }

    @Test func creatingLeadsToTheCustomerPageAndATakenMobileLinksToItsOwner() async throws {
        try await TestApp.run { client, _ in
            let console = try await ConsoleClient.signedIn(client)
            let id = try await Self.create(console, Self.newCustomer + [("consent_sms", "granted"), ("consentSource", "store_signup_form")])
            let page = try await console.get("/console/customers/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.contains("王**"))
            #expect(page.body.contains("139****5678"))
            #expect(page.body.contains("vip, 丝绸"))
            #expect(page.body.contains("store_signup_form"), "the consent was recorded with its source")

            try await console.get("/console/customers/new")
            let taken = try await console.post("/console/customers/new", fields: Self.replacing(Self.newCustomer, "email", with: "other@example.com"))
            #expect(taken.status == .unprocessableContent)
            #expect(taken.body.contains(#"id="error-mobile""#))
            #expect(taken.body.contains(#"href="/console/customers/\#(id)" id="existing-customer""#))
        }
    }

    @Test func editingKeepsBlankPersonalFieldsAndNeverShowsThemInClear() async throws {
        try await TestApp.run { client, _ in
            let console = try await ConsoleClient.signedIn(client)
            let id = try await Self.create(console)
            let form = try await console.get("/console/customers/\(id)/edit")
            #expect(form.status == .ok)
            #expect(form.body.contains(#"id="keep-note""#))
            #expect(form.body.contains("139****5678"))
            #expect(!form.body.contains("13912345678") && !form.body.contains("王小明"), "no clear personal value on the edit form")

            let saved = try await console.post("/console/customers/\(id)/edit", fields: [
                ("name", ""), ("mobile", ""), ("gender", "female"), ("preferredStoreId", ""), ("tags", "silk, vip, 新客"),
                ("posMemberNumber", "M-0042"), ("clear", "email"),
            ])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/console/customers/\(id)")
            let page = try await console.get("/console/customers/\(id)")
            #expect(page.body.contains("王**") && page.body.contains("139****5678"), "blank personal fields kept their values")
            #expect(page.body.contains("M-0042") && page.body.contains("silk, vip, 新客"))
            #expect(!page.body.contains(#"data-field="email""#), "the ticked field was cleared")

            let bad = try await console.post("/console/customers/\(id)/edit", fields: [("gender", "female"), ("birthday", "2999-01-01")],
                                             csrf: form.csrf)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains(#"id="error-birthday""#))
        }
    }

    @Test func mergePreviewListsWhatMovesAndTheMergeLeadsToTheSurvivor() async throws {
        try await TestApp.run { client, _ in
            let console = try await ConsoleClient.signedIn(client)
            let token = try await TestApp.login(client)
            let orders = try await TestApp.send(client, .get, "/orders?limit=50", token: token).json["items"] as? [[String: Any]] ?? []
            let duplicate = try #require(orders.compactMap { $0["customerId"] as? String }.first, "the demo data has orders with customers")
            let survivor = try await Self.create(console)

            let finder = try await console.get("/console/customers/\(survivor)/merge?phone=13912345678")
            #expect(finder.status == .ok)
            #expect(finder.body.contains(#"id="no-results""#), "the survivor itself is not offered")
            let preview = try await console.get("/console/customers/\(survivor)/merge?duplicate=\(duplicate)")
            #expect(preview.status == .ok)
            #expect(preview.body.contains(#"id="merge-survivor""#) && preview.body.contains(#"id="merge-duplicate""#))
            let ordersMoving = try #require(Self.text(of: "moves-orders", in: preview.body))
            #expect((Int(ordersMoving.replacingOccurrences(of: ",", with: "")) ?? 0) > 0, "\(ordersMoving)")
            #expect(preview.body.contains(#"id="moves-points""#) && preview.body.contains(#"id="moves-consents""#)
                    && preview.body.contains(#"id="moves-tags""#))

            let unconfirmed = try await console.post("/console/customers/\(survivor)/merge", fields: [("duplicate", duplicate)])
            #expect(unconfirmed.status == .unprocessableContent)
            #expect(unconfirmed.body.contains(#"id="error-confirm""#))
            let merged = try await console.post("/console/customers/\(survivor)/merge", fields: [("duplicate", duplicate), ("confirm", "1")])
            #expect(merged.status == .seeOther)
            #expect(merged.location == "/console/customers/\(survivor)")
            #expect(try await console.get("/console/customers/\(duplicate)").location == "/console/customers/\(survivor)")
            let page = try await console.get("/console/customers/\(survivor)")
            #expect(page.body.contains(#"class="order-link""#), "the duplicate's orders moved to the survivor")
        }
    }

    @Test func theExportIsAJSONDownloadOfTheProfileInClear() async throws {
        try await TestApp.run { client, _ in
            let console = try await ConsoleClient.signedIn(client)
            let id = try await Self.create(console)
            let logged = try await console.post("/console/customers/\(id)/interactions",
                                                 fields: [("channel", "hotline"), ("direction", "inbound"), ("kind", "complaint"), ("subject", "围巾勾丝")])
            #expect(logged.status == .seeOther)
            let explained = try await console.get("/console/customers/\(id)/export")
            #expect(explained.status == .ok)
            #expect(explained.body.contains(#"id="export-download""#))
            let download = try await console.post("/console/customers/\(id)/export", fields: [])
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/json; charset=utf-8")
            #expect(download.headers[.contentDisposition] == #"attachment; filename="customer-\#(id).json""#)
            let json = try JSONSerialization.jsonObject(with: Data(download.body.utf8)) as? [String: Any]
            let profile = try #require(json?["profile"] as? [String: Any])
            #expect(profile["name"] as? String == "王小明")
            #expect(profile["mobile"] as? String == "+8613912345678")
            #expect(profile["tags"] as? [String] == ["vip", "丝绸"])
            #expect(json?["orders"] is [Any] && json?["consents"] is [Any] && json?["points"] is [Any] && json?["exportedAt"] is String)
            let interactions = json?["interactions"] as? [[String: Any]] ?? []
            #expect(interactions.count == 1 && interactions.first?["subject"] as? String == "围巾勾丝", "the service modules' records are in the download too")
            #expect(json?["tickets"] is [Any] && json?["surveyAnswers"] is [Any])
            #expect(try await console.post("/console/customers/\(id)/export", fields: [], csrf: "forged").status == .forbidden)
        }
    }

    @Test func erasingNeedsTheTypedCodeAndAReason() async throws {
        try await TestApp.run { client, _ in
            let console = try await ConsoleClient.signedIn(client)
            let id = try await Self.create(console)
            let code = String(id.suffix(4))
            let form = try await console.get("/console/customers/\(id)/erase")
            #expect(form.status == .ok)
            #expect(form.body.contains(#"data-confirm-text="\#(code)" data-confirm-button="erase-submit""#))
            let wrong = try await console.post("/console/customers/\(id)/erase", fields: [("reason", "顾客邮件申请删除"), ("confirm", "0000")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains(#"id="error-confirm""#) && wrong.body.contains("顾客邮件申请删除"))
            #expect(try await console.get("/console/customers/\(id)").status == .ok, "nothing was erased")
            let noReason = try await console.post("/console/customers/\(id)/erase", fields: [("reason", "要"), ("confirm", code)], csrf: form.csrf)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.body.contains(#"id="error-reason""#))

            let erased = try await console.post("/console/customers/\(id)/erase", fields: [("reason", "顾客邮件申请删除"), ("confirm", code)],
                                                csrf: form.csrf)
            #expect(erased.status == .seeOther)
            #expect(erased.location == "/console/customers?erased=1")
            #expect(try await console.get(erased.location ?? "").body.contains(#"id="notice""#))
            #expect(try await console.get("/console/customers/\(id)").status == .notFound)
        }
    }

    @Test func aCustomerServiceAgentCannotErase() async throws {
        try await TestApp.run { client, _ in
            let admin = try await ConsoleClient.signedIn(client)
            let id = try await Self.create(admin)
            let agent = try await ConsoleClient.signedIn(client, as: "cs.agent")
            let page = try await agent.get("/console/customers/\(id)")
            #expect(page.status == .ok)
            #expect(!page.body.contains("/console/customers/\(id)/erase") && !page.body.contains("/console/customers/\(id)/export"))
            #expect(page.body.contains("/console/customers/\(id)/edit"))
            let form = try await agent.get("/console/customers/\(id)/erase")
            #expect(form.status == .forbidden)
            #expect(form.body.contains(#"id="forbidden""#))
            let post = try await agent.post("/console/customers/\(id)/erase", fields: [("reason", "顾客邮件申请删除"), ("confirm", String(id.suffix(4)))],
                                            csrf: page.csrf)
            #expect(post.status == .forbidden)
            #expect(try await admin.get("/console/customers/\(id)").status == .ok)
        }
    }

    /// The text of the element with `id` (no nested tags).
    static func text(of id: String, in html: String) -> String? {
        guard let start = html.range(of: #"id="\#(id)">"#) else { return nil }
        let rest = html[start.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]) }
    }
}
