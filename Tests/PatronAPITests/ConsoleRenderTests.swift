import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronAPI
import PatronCore
import Testing

/// Every console page for every default role, on the engine under test: each answers its page or the 403
/// page — never an error, never a 404 for a page that exists — with the security headers; personal data is
/// masked unless the role may reveal it; and the session cookie, CSRF check, sign-out and lock-out behave.
struct ConsoleRenderTests {
    /// Every signed-in page of the console. `{customer}`, `{order}`, `{store}`, `{staff}`, `{product}` and
    /// `{role}` are filled with a demo record's id; add a page here when it is added to the console.
    static let pages = [
        "/console",
        "/console/password",
        "/console/customers",
        "/console/customers?phone=13800138000",
        "/console/customers/{customer}",
        "/console/customers/new",
        "/console/customers/{customer}/edit",
        "/console/customers/{customer}/merge",
        "/console/customers/{customer}/export",
        "/console/customers/{customer}/erase",
        "/console/orders",
        "/console/orders/{order}",
        "/console/orders/{order}/return",
        "/console/orders/{order}/exchange",
        "/console/tickets",
        "/console/tickets?status=closed&queue=sales",
        "/console/tickets/{ticket}",
        "/console/tickets/new",
        "/console/catalogue",
        "/console/catalogue/products/new",
        "/console/catalogue/products/{product}",
        "/console/stores",
        "/console/stores/new",
        "/console/stores/{store}",
        "/console/staff",
        "/console/staff/new",
        "/console/staff/{staff}",
        "/console/roles",
        "/console/roles/new",
        "/console/roles/{role}",
        "/console/api-keys",
        "/console/audit",
        "/console/membership",
        "/console/surveys",
        "/console/surveys?days=365&group=channel",
        "/console/surveys/templates",
        "/console/suggestions",
        "/console/suggestions?status=received",
        "/console/jobs",
        "/console/sla/policies",
        "/console/sla/policies/new",
        "/console/sla/policies/5a000000-0000-4000-8000-000000000000",
        "/console/sla/calendars",
        "/console/sla/calendars/new",
        "/console/sla/calendars/service_centre",
        "/console/sla/report",
        "/console/sla/report?groupBy=week&from=2026-01-01&to=2026-03-31",
        "/console/insight",
        "/console/insight?period=month&from=2025-06-01&to=2026-05-31",
        "/console/insight/segments/at_risk",
        "/console/insight/settings",
    ]

    @Test func everyPageAnswersEveryRoleWithThePageOrTheForbiddenPage() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Fixture.load(client)
            for role in Role.defaults {
                let username = try await fixture.member(holding: role, client)
                var browser = ConsoleBrowser(client)
                let signIn = try await browser.signIn(username, password: TestApp.adminPassword)
                #expect(signIn.status == .seeOther, "\(username) could not sign in: \(signIn.status)")
                for template in Self.pages {
                    let path = fixture.fill(template)
                    let page = try await browser.get(path)
                    let context = "\(role.name) \(path)"
                    #expect(page.status == .ok || page.status == .forbidden, "\(context): \(page.status)")
                    if page.status == .forbidden { #expect(page.has(id: "forbidden"), "\(context): 403 without the 403 page") }
                    if role.name == Role.administrator { #expect(page.status == .ok, "\(context): \(page.status)") }
                    Self.expectSecurityHeaders(page, context)
                    #expect(!page.body.contains(">nil<") && !page.body.contains("Optional("), "\(context): an optional reached the page")
                }
            }
        }
    }

    @Test func customerPageMasksUnlessTheRoleMayRevealForAPurpose() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Fixture.load(client)
            let path = "/console/customers/\(fixture.customer)"
            for role in Role.defaults where role.permissions.contains(.customersRead) {
                var browser = ConsoleBrowser(client)
                try await browser.signIn(try await fixture.member(holding: role, client), password: TestApp.adminPassword)
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(role.name)")
                #expect(page.has(id: "masked-note"), "\(role.name)")
                #expect(page.field("mobile")?.contains("****") == true, "\(role.name): \(page.field("mobile") ?? "no mobile")")
                let revealed = try await browser.post("\(path)/reveal", [("purpose", "顾客来电核对身份")])
                if role.permissions.contains(.customersReadPII) {
                    #expect(page.has(id: "reveal-form") && !page.has(id: "no-reveal"), "\(role.name)")
                    #expect(revealed.status == .ok, "\(role.name): \(revealed.status)")
                    #expect(revealed.has(id: "revealed-note") && !revealed.has(id: "masked-note"), "\(role.name)")
                    #expect(revealed.field("mobile") == fixture.mobile, "\(role.name): \(revealed.field("mobile") ?? "no mobile")")
                    #expect(revealed.body.contains(fixture.name), "\(role.name)")
                    let tooShort = try await browser.post("\(path)/reveal", [("purpose", "看")])
                    #expect(tooShort.status == .unprocessableContent && tooShort.body.contains("field-error"), "\(role.name)")
                } else {
                    #expect(!page.has(id: "reveal-form") && page.has(id: "no-reveal"), "\(role.name)")
                    #expect(revealed.status == .forbidden && revealed.has(id: "forbidden"), "\(role.name): \(revealed.status)")
                    #expect(!revealed.body.contains(fixture.mobile), "\(role.name)")
                }
            }
        }
    }

    @Test func unknownPagesAnswerTheNotFoundPageAndSignedOutVisitorsGoToSignIn() async throws {
        try await TestApp.run { client, _ in
            var visitor = ConsoleBrowser(client)
            let away = try await visitor.get("/console/customers")
            #expect(away.status == .seeOther)
            #expect(away.location == "/console/sign-in?next=/console/customers")
            let form = try await visitor.get("/console/sign-in")
            #expect(form.status == .ok && form.has(id: "sign-in-form"))
            Self.expectSecurityHeaders(form, "sign-in")

            var browser = ConsoleBrowser(client)
            try await browser.signIn("admin", password: TestApp.adminPassword)
            for path in ["/console/nope", "/console/customers/not-a-uuid", "/console/customers/\(UUID().uuidString.lowercased())"] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound && page.has(id: "not-found"), "\(path): \(page.status)")
                Self.expectSecurityHeaders(page, path)
            }
        }
    }

    @Test func formsWithoutTheTokenAreRefusedAndSignOutEndsTheSession() async throws {
        try await TestApp.run { client, _ in
            var browser = ConsoleBrowser(client)
            try await browser.signIn("cs.supervisor", password: TestApp.adminPassword)
            let session = try #require(browser.cookies["patron_session"])

            let forged = try await browser.post("/console/sign-out", withCSRF: false)
            #expect(forged.status == .forbidden)
            let wrong = try await browser.post("/console/language", [("language", "en"), ("_csrf", String(repeating: "0", count: 64))], withCSRF: false)
            #expect(wrong.status == .forbidden)
            #expect(try await browser.get("/console").status == .ok, "a refused form must not end the session")

            var stranger = ConsoleBrowser(client)
            _ = try await stranger.get("/console/sign-in")
            let noToken = try await stranger.post("/console/sign-in", [("username", "admin"), ("password", TestApp.adminPassword)], withCSRF: false)
            #expect(noToken.status == .forbidden && stranger.cookies["patron_session"] == nil)

            let out = try await browser.post("/console/sign-out")
            #expect(out.status == .seeOther && out.location == "/console/sign-in")
            #expect(browser.cookies["patron_session"] == nil)
            browser.cookies["patron_session"] = session
            let after = try await browser.get("/console")
            #expect(after.status == .seeOther && after.location?.hasPrefix("/console/sign-in") == true)
        }
    }

    @Test func sessionCookieIsHttpOnlyStrictAndSecureBehindHTTPS() async throws {
        try await TestApp.run { client, _ in
            var plain = ConsoleBrowser(client)
            let cookie = try #require(try await plain.signIn("analyst", password: TestApp.adminPassword).setCookie("patron_session"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/console"))
            #expect(!cookie.contains("Secure"))

            var proxied = ConsoleBrowser(client, headers: [.init("X-Forwarded-Proto")!: "https"])
            let secure = try #require(try await proxied.signIn("analyst", password: TestApp.adminPassword).setCookie("patron_session"))
            #expect(secure.contains("Secure") && secure.contains("HttpOnly") && secure.contains("SameSite=Strict"))
        }
    }

    @Test func tenWrongPasswordsLockTheAccount() async throws {
        try await TestApp.run(configure: { $0.addressThrottle = nil }) { client, _ in
            var browser = ConsoleBrowser(client, headers: [.acceptLanguage: "en"])
            for attempt in 1...10 {
                let refused = try await browser.signIn("marketing", password: "wrong-password-\(attempt)")
                #expect(refused.status == .unauthorized || (attempt == 10 && refused.status.code == 423), "attempt \(attempt): \(refused.status)")
            }
            let locked = try await browser.signIn("marketing", password: TestApp.adminPassword)
            #expect(locked.status.code == 423)
            #expect(locked.has(id: "sign-in-error") && locked.body.contains("locked"))
            #expect(browser.cookies["patron_session"] == nil)
        }
    }

    // MARK: - Support

    static func expectSecurityHeaders(_ page: ConsoleBrowser.Page, _ context: String) {
        let policy = page.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'"), "\(context): CSP \(policy)")
        #expect(!page.body.contains("style=\""), "\(context): an inline style the CSP would block")
    }

    /// Ids of demo records to fill the page paths, and a customer with orders whose clear values are known.
    struct Fixture {
        let token: String
        let customer: String
        let order: String
        let store: String
        let staff: [(id: String, username: String, roles: [String])]
        let product: String
        let mobile: String
        let name: String
        let ticket: String

        static func load(_ client: any TestClientProtocol) async throws -> Fixture {
            let token = try await TestApp.login(client)
            let orders = try await TestApp.send(client, .get, "/orders?limit=200", token: token).json["items"] as? [[String: Any]] ?? []
            let order = try #require(orders.first { $0["customerId"] is String })
            let customer = try #require(order["customerId"] as? String)
            let clear = try await TestApp.send(client, .post, "/customers/\(customer)/reveal", token: token,
                                               json: #"{"purpose":"console render test fixture"}"#).json
            let staff = try await TestApp.send(client, .get, "/staff?limit=200", token: token).json["items"] as? [[String: Any]] ?? []
            let products = try await TestApp.send(client, .get, "/products?limit=1", token: token).json["items"] as? [[String: Any]] ?? []
            let ticket = try await TestApp.send(client, .post, "/tickets", token: token, json: #"""
                {"kind":"complaint","channel":"hotline","customerId":"\#(customer)","storeId":"\#(order["storeId"] as? String ?? "")","subject":"鞋底开胶","description":"两周后开胶"}
                """#).json["id"] as? String
            return Fixture(
                token: token, customer: customer, order: try #require(order["id"] as? String),
                store: try #require(order["storeId"] as? String),
                staff: staff.compactMap { member in
                    guard let id = member["id"] as? String, let username = member["username"] as? String else { return nil }
                    return (id, username, member["roles"] as? [String] ?? [])
                },
                product: try #require(products.first?["id"] as? String),
                mobile: try #require(clear["mobile"] as? String), name: try #require(clear["name"] as? String), ticket: try #require(ticket))
        }

        func fill(_ template: String) -> String {
            template.replacingOccurrences(of: "{customer}", with: customer).replacingOccurrences(of: "{order}", with: order)
                .replacingOccurrences(of: "{store}", with: store).replacingOccurrences(of: "{product}", with: product)
                .replacingOccurrences(of: "{staff}", with: staff.first?.id ?? "").replacingOccurrences(of: "{role}", with: Role.administrator)
                .replacingOccurrences(of: "{ticket}", with: ticket)
        }

        /// A demo member holding `role`; when the demo has none, one is created through the API.
        func member(holding role: Role, _ client: any TestClientProtocol) async throws -> String {
            if let member = staff.first(where: { $0.roles.contains(role.name) }) { return member.username }
            let username = "render.\(role.name)"
            let home = role.storeScoped ? #","homeStoreId":"\#(store)""# : ""
            let created = try await TestApp.send(client, .post, "/staff", token: token, json: """
                {"username":"\(username)","displayName":"Render \(role.name)","department":"administration","roles":["\(role.name)"],"password":"\(TestApp.adminPassword)"\(home)}
                """)
            #expect(created.status == .created, "creating a \(role.name): \(created.error)")
            return username
        }
    }
}
