import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PatronCore
import Testing

/// Staff change their own password and choose their language in the console; both go through the same
/// services as `POST /me/password` and `PATCH /me`.
@Suite struct ConsolePasswordAndLanguageTests {
    @Test func aMemberChangesTheirPasswordWithTheCurrentOne() async throws {
        try await TestApp.run { client, _ in
            var browser = ConsoleBrowser(client)
            try await browser.signIn("sh001.sales", password: TestApp.adminPassword)
            let form = try await browser.get("/console/password")
            #expect(form.status == .ok && form.has(id: "password-form"))
            let wrong = try await browser.post("/console/password", [("current", "not-the-password"), ("new", "a-brand-new-secret"),
                                                                     ("repeat", "a-brand-new-secret")])
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("field-error"))
            let mismatch = try await browser.post("/console/password", [("current", TestApp.adminPassword), ("new", "a-brand-new-secret"),
                                                                        ("repeat", "another-new-secret")])
            #expect(mismatch.status == .unprocessableContent)
            let changed = try await browser.post("/console/password", [("current", TestApp.adminPassword), ("new", "a-brand-new-secret"),
                                                                       ("repeat", "a-brand-new-secret")])
            #expect(changed.status == .ok && changed.has(id: "password-changed"))
            var again = ConsoleBrowser(client)
            let refused = try await again.signIn("sh001.sales", password: TestApp.adminPassword)
            #expect(refused.status == .unauthorized)
            let accepted = try await again.signIn("sh001.sales", password: "a-brand-new-secret")
            #expect(accepted.status == .seeOther)
        }
    }

    @Test func theChosenLanguageFollowsTheMemberToAnotherBrowser() async throws {
        try await TestApp.run { client, _ in
            var browser = ConsoleBrowser(client)
            try await browser.signIn("cs.agent", password: TestApp.adminPassword)
            #expect(try await browser.get("/console").body.contains(#"<html lang="zh-CN">"#))
            let switched = try await browser.post("/console/language", [("language", "en"), ("back", "/console/customers")])
            #expect(switched.status == .seeOther && switched.location == "/console/customers")
            var elsewhere = ConsoleBrowser(client)
            try await elsewhere.signIn("cs.agent", password: TestApp.adminPassword)
            let home = try await elsewhere.get("/console")
            #expect(home.body.contains(#"<html lang="en">"#))
            let outside = try await browser.post("/console/language", [("language", "zh-CN"), ("back", "//evil.example/")])
            #expect(outside.location == "/console")
        }
    }
}
