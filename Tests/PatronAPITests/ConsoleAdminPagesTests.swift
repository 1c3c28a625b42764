import Foundation
import HTTPTypes
import HummingbirdTesting
import PatronAPI
import Testing

/// The administration pages through the browser's eyes: each opens for the administrator and answers the
/// "not allowed" page for a role without its permission, and each form does its job or shows why not.
struct ConsoleAdminPagesTests {
    static let pages = ["/console/catalogue", "/console/catalogue/products/new", "/console/stores", "/console/stores/new",
                        "/console/staff", "/console/staff/new", "/console/roles", "/console/roles/new", "/console/roles/administrator",
                        "/console/api-keys", "/console/audit", "/console/membership", "/console/jobs", "/console/insight/settings"]

    @Test func everyPageRendersForTheAdministrator() async throws {
        try await TestApp.run { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            for path in Self.pages {
                let page = try await admin.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.contains("nil"), "\(path) shows an Optional")
            }
            let catalogue = try await admin.get("/console/catalogue?q=a")
            let product = try #require(catalogue.first(#"href="(/console/catalogue/products/[0-9a-f-]{36})""#))
            #expect(try await admin.get(product).status == .ok)
            let staff = try await admin.get("/console/staff")
            let member = try #require(staff.first(#"href="(/console/staff/[0-9a-f-]{36})""#))
            #expect(try await admin.get(member).status == .ok)
            #expect(try await admin.get("/console/audit?outcome=success&from=2020-01-01").status == .ok)
            #expect(try await admin.get("/console/audit?from=yesterday").status == .unprocessableContent)
        }
    }

    @Test func rolesWithoutThePermissionGetTheForbiddenPage() async throws {
        try await TestApp.run { client, _ in
            var sales = try await ConsoleAdminClient.signedIn(client, as: "sh001.sales")
            for path in ["/console/audit", "/console/roles", "/console/roles/new", "/console/api-keys", "/console/staff", "/console/staff/new",
                         "/console/membership", "/console/stores/new", "/console/catalogue/products/new"] {
                #expect(try await sales.get(path).status == .forbidden, "\(path)")
            }
            #expect(try await sales.get("/console/stores").status == .ok)
            #expect(!(try await sales.get("/console/stores").has(id: "new-store")))
            #expect(try await sales.post("/console/api-keys", [("name", "sneaky"), ("scopes", "customers.read")]).status == .forbidden)
            #expect(try await sales.post("/console/roles", [("name", "sneaky"), ("nameZh", "偷"), ("nameEn", "Sneaky"),
                                                            ("permissions", "customers.read")]).status == .forbidden)
            var auditor = try await ConsoleAdminClient.signedIn(client, as: "auditor")
            #expect(try await auditor.get("/console/audit").status == .ok)
            #expect(try await auditor.get("/console/catalogue").status == .forbidden)
        }
    }

    @Test func anAdministratorRunsAJobNowAndSeesItInTheHistory() async throws {
        try await TestApp.run { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            let jobs = try await admin.get("/console/jobs")
            #expect(jobs.body.contains("membership.expiry"))
            let ran = try await admin.post("/console/jobs/membership.expiry/run")
            #expect(ran.status == .ok)
            #expect(ran.body.contains(#"id="job-ran""#))
            #expect(ran.body.contains("customers advanced"))
            #expect(try await admin.get("/console/jobs").body.contains(#"id="job-history""#))
            #expect(try await admin.post("/console/jobs/no.such.job/run").status == .notFound)
            var sales = try await ConsoleAdminClient.signedIn(client, as: "sh001.sales")
            #expect(try await sales.get("/console/jobs").status == .forbidden)
        }
    }

    @Test func createAStoreWithInlineErrors() async throws {
        try await TestApp.run { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            _ = try await admin.get("/console/stores/new")
            let fields = [("code", "HZ-009"), ("name", "杭州湖滨店"), ("city", "杭州"), ("region", "华东"), ("timeZone", "Asia/Shanghai")]
            let refused = try await admin.post("/console/stores", fields + [("opensAt", "9:30"), ("closesAt", "22:00")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("field-error"))
            #expect(refused.body.contains("杭州湖滨店"), "the typed values stay")
            let created = try await admin.post("/console/stores", fields + [("opensAt", "09:30"), ("closesAt", "22:00")])
            #expect(created.status == .seeOther)
            let list = try await admin.get("/console/stores")
            #expect(list.body.contains("HZ-009") && list.body.contains("09:30–22:00"))
        }
    }

    @Test func createAStaffMemberThenUnlockAndResetThePassword() async throws {
        try await TestApp.run { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            _ = try await admin.get("/console/staff/new")
            let created = try await admin.post("/console/staff", [("username", "hz.sales"), ("displayName", "周导购"), ("department", "sales"),
                                                                  ("roles", "customer_service_agent")])
            #expect(created.status == .ok)
            let generated = try #require(created.first(#"class="secret-value">([^<]+)<"#))
            let path = try #require(created.first(#"action="(/console/staff/[0-9a-f-]{36})/password""#))
            _ = try await ConsoleAdminClient.signedIn(client, as: "hz.sales", password: generated)
            #expect(try await admin.get(path).first(#"class="secret-value">([^<]+)<"#) == nil, "the password is shown once")

            #expect(try await admin.post("\(path)/unlock").status == .seeOther)
            let weak = try await admin.post("\(path)/password", [("password", "short")])
            #expect(weak.status == .unprocessableContent && weak.body.contains("field-error"))
            _ = try await admin.get(path)
            #expect(try await admin.post("\(path)/password", [("password", "harbour-lantern-42")]).status == .ok)
            _ = try await ConsoleAdminClient.signedIn(client, as: "hz.sales", password: "harbour-lantern-42")
            let reset = try await admin.post("\(path)/password")
            #expect(reset.has(id: "generated-password"))

            _ = try await admin.get(path)
            #expect(try await admin.post("\(path)/deactivate").status == .unprocessableContent)
            #expect(try await admin.post("\(path)/deactivate", [("confirm", "yes")]).status == .seeOther)
        }
    }

    @Test func createEditAndDeleteACustomRole() async throws {
        try await TestApp.run { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            _ = try await admin.get("/console/roles/new")
            let refused = try await admin.post("/console/roles", [("name", "Area Lead"), ("nameZh", "区域主管"), ("nameEn", "Area lead")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("field-error"))
            let created = try await admin.post("/console/roles", [("name", "area_lead"), ("nameZh", "区域主管"), ("nameEn", "Area lead"),
                                                                  ("permissions", "customers.read"), ("permissions", "orders.read")])
            #expect(created.status == .seeOther)
            let list = try await admin.get("/console/roles")
            #expect(list.body.contains("Area lead") && list.body.contains("View orders"))
            _ = try await admin.get("/console/roles/area_lead")
            #expect(try await admin.post("/console/roles/area_lead", [("nameZh", "区域主管"), ("nameEn", "Area leader"),
                                                                     ("permissions", "customers.read")]).status == .seeOther)
            #expect(try await admin.post("/console/roles/administrator", [("nameZh", "x"), ("nameEn", "x"),
                                                                         ("permissions", "customers.read")]).status == .unprocessableContent)
            #expect(try await admin.post("/console/roles/area_lead/delete", [("confirm", "yes")]).status == .seeOther)
            #expect(try await admin.get("/console/roles/area_lead").status == .notFound)
        }
    }

    @Test func anAPIKeySecretIsShownOnceAndTheKeyCanBeRevoked() async throws {
        try await TestApp.run { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            _ = try await admin.get("/console/api-keys")
            #expect(try await admin.post("/console/api-keys", [("name", "POS")]).status == .unprocessableContent)
            let created = try await admin.post("/console/api-keys", [("name", "POS 杭州"), ("scopes", "orders.write"), ("expires", "2099-12-31")])
            #expect(created.status == .ok)
            let secret = try #require(created.first(#"id="secret-value">(pk_[^<]+)<"#))
            let list = try await admin.get("/console/api-keys")
            #expect(!list.body.contains(secret) && list.body.contains("POS 杭州") && list.body.contains("2099-12-31"))
            let revoke = try #require(list.first(#"action="(/console/api-keys/[0-9a-f-]{36}/revoke)""#))
            #expect(try await admin.post(revoke).status == .unprocessableContent)
            #expect(try await admin.post(revoke, [("confirm", "yes")]).status == .seeOther)
            #expect(try await admin.get("/console/api-keys").first(#"action="(/console/api-keys/[0-9a-f-]{36}/revoke)""#) == nil)
        }
    }

    @Test func aProductPriceIsTakenExactlyInFen() async throws {
        try await TestApp.run { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            _ = try await admin.get("/console/catalogue/products/new")
            let fields = [("sku", "HZ-TEA-1"), ("nameZh", "龙井茶"), ("nameEn", "Longjing tea")]
            let refused = try await admin.post("/console/catalogue/products", fields + [("price", "12.345")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("field-error"))
            let saved = try await admin.post("/console/catalogue/products", fields + [("price", "1,299.9")])
            let location = try #require(saved.location)
            let page = try await admin.get(location)
            #expect(page.body.contains(#"value="1299.90""#))
            let found = try await admin.get("/console/catalogue?q=longjing")
            #expect(found.body.contains("HZ-TEA-1") && found.body.contains("¥1,299.90"))
            _ = try await admin.get("/console/catalogue")
            #expect(try await admin.post("/console/catalogue/categories", [("code", "TEA"), ("nameZh", "茶"), ("nameEn", "Tea")]).status == .seeOther)
            #expect(try await admin.post("/console/catalogue/categories", [("code", "TEA"), ("nameZh", "茶"), ("nameEn", "Tea")]).status
                    == .unprocessableContent)
        }
    }

    @Test func anInvalidProgrammeIsRefusedInline() async throws {
        try await TestApp.run(configure: { $0.maxBodyBytes = 1 << 20 }) { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            let page = try await admin.get("/console/membership")
            #expect(page.has(id: "liability-value") && page.body.contains("¥"))
            let broken = try await admin.post("/console/membership", [("programme", #"{"tiers": ["#)])
            #expect(broken.status == .unprocessableContent && broken.has(id: "programme-error"))
            let json = try #require(page.first(#"(?s)<textarea[^>]*>(.*?)</textarea>"#))
            let unescaped = json.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            let noTiers = unescaped.replacingOccurrences(of: #""tiers" : ["#, with: #""tiers" : [], "unused" : ["#)
            let refused = try await admin.post("/console/membership", [("programme", noTiers)])
            #expect(refused.status == .unprocessableContent && refused.has(id: "programme-error"), "\(refused.status) \(refused.first(#"id="programme-error">([^<]*)<"#) ?? "")")
            let saved = try await admin.post("/console/membership", [("programme", unescaped)])
            #expect(saved.status == .seeOther, "\(saved.status) \(saved.first(#"id="programme-error">([^<]*)<"#) ?? "") \(saved.first(#"<main>(?s)(.{0,400})"#) ?? "")")
        }
    }

    /// The rules read in words; a malformed or incomplete rule set is refused beside the text as typed, and a
    /// valid change is saved and read back in the words.
    @Test func insightRulesAreShownInWordsAndAnInvalidChangeIsRefusedInline() async throws {
        try await TestApp.run(configure: { $0.maxBodyBytes = 1 << 20 }) { client, _ in
            var admin = try await ConsoleAdminClient.signedIn(client)
            let page = try await admin.get("/console/insight/settings")
            #expect(page.status == .ok && page.has(id: "segment-rules") && page.body.contains(#"data-segment="champions""#))
            #expect(page.body.contains("90 days") && page.has(id: "forecast-rule"))
            let broken = try await admin.post("/console/insight/settings", [("settings", #"{"segments": ["#)])
            #expect(broken.status == .unprocessableContent && broken.has(id: "insight-settings-error"))
            let json = try #require(page.first(#"(?s)<textarea[^>]*>(.*?)</textarea>"#))
            let unescaped = json.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            let outOfRange = unescaped.replacingOccurrences(of: #""horizonWeeks" : 26"#, with: #""horizonWeeks" : 0"#)
            #expect(outOfRange != unescaped)
            let refused = try await admin.post("/console/insight/settings", [("settings", outOfRange)])
            #expect(refused.status == .unprocessableContent && (refused.first(#"id="insight-settings-error">([^<]*)<"#) ?? "").contains("horizonWeeks"))
            let sooner = unescaped.replacingOccurrences(of: #""newDays" : 90"#, with: #""newDays" : 60"#)
            #expect(sooner != unescaped)
            let saved = try await admin.post("/console/insight/settings", [("settings", sooner)])
            #expect(saved.status == .seeOther, "\(saved.status) \(saved.first(#"id="insight-settings-error">([^<]*)<"#) ?? "")")
            #expect(try await admin.get("/console/insight/settings").body.contains("60 days"))
            var sales = try await ConsoleAdminClient.signedIn(client, as: "sh001.sales")
            #expect(try await sales.post("/console/insight/settings", [("settings", unescaped)]).status == .forbidden)
        }
    }
}
