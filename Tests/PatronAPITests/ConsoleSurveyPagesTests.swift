import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronAPI
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// The console's survey results with their NPS trend and comments, the template switch, and suggestion
/// moderation, as a supervisor uses them.
struct ConsoleSurveyPagesTests {
    @Test func resultsShowTheTrendAndModerationRoutesASuggestion() async throws {
        let master = MasterKey.random()
        let capture = SurveyAPITests.Capture()
        try await TestApp.run(configure: { $0.masterKey = master }) { client, url in
            let admin = try await TestApp.login(client)
            let created = try await TestApp.send(client, .post, "/survey-templates", token: admin, json: SurveyAPITests.template)
            let templateId = try #require(created.json["id"] as? String)
            let customers = try await TestApp.send(client, .get, "/customers?limit=2", token: admin)
            for customer in (customers.json["items"] as? [[String: Any]] ?? []).compactMap({ $0["id"] as? String }) {
                _ = try await TestApp.send(client, .post, "/customers/\(customer)/consents", token: admin, json: #"{"channel":"sms","granted":true,"source":"test"}"#)
                _ = try await TestApp.send(client, .post, "/survey-invitations", token: admin,
                                           json: #"{"customerId":"\#(customer)","templateId":"\#(templateId)"}"#)
                try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                    let services = try await PatronServices(database: database, cipher: try await FieldCipher.load(master, database: database),
                                                            hasher: BcryptPasswordHasher(cost: 4), gateway: capture)
                    _ = try await services.surveys.sendDue(at: Date(), by: .system("test"))
                }
                let token = try #require(capture.lastToken)
                let answer = try await TestApp.send(client, .post, "/survey-answers", token: nil, json:
                    #"{"token":"\#(token)","answers":[{"question":"csat","score":2},{"question":"nps","score":4},{"question":"comment","text":"排队太久"}]}"#)
                #expect(answer.status == .created)
            }
            _ = try await TestApp.send(client, .post, "/suggestions", token: nil, json: #"{"text":"试衣间需要更多的镜子和挂钩","category":"store"}"#)

            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn("admin", password: TestApp.adminPassword)
            let results = try await browser.get("/console/surveys?group=channel")
            #expect(results.status == .ok)
            #expect(results.body.contains("<polyline") || results.body.contains("<circle"))
            #expect(results.body.contains("排队太久") && results.has(id: "survey-nps"))
            #expect(try await browser.get("/console/surveys/templates/\(templateId)").has(id: "survey-questions"))
            let switched = try await browser.post("/console/surveys/templates/\(templateId)", [("csatAtMost", "2"), ("npsAtMost", "6")])
            #expect(switched.status == .seeOther)
            #expect(try await TestApp.send(client, .get, "/survey-templates/\(templateId)", token: admin).json["active"] as? Bool == false)

            let queue = try await browser.get("/console/suggestions")
            let link = try #require(ConsoleBrowser.first(#"href="(/console/suggestions/[0-9a-f-]{36})""#, in: queue.body))
            let moderated = try await browser.post(link, [("status", ""), ("department", "store_management"), ("reply", "")])
            #expect(moderated.status == .seeOther)
            let detail = try await browser.get(link)
            #expect(detail.body.contains("Store management") || detail.body.contains("门店管理"))
        }
    }
}
