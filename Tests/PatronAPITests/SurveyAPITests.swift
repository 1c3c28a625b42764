import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronAPI
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// The survey API and the public answer page, end to end: a template and an invitation made through the
/// API, the send job run (with a gateway that keeps the message) to get the link, then the customer's page.
struct SurveyAPITests {
    final class Capture: MessageGateway, @unchecked Sendable {
        private let lock = NSLock()
        private var bodies: [String] = []

        func send(_ message: OutboundMessage) async throws -> MessageReceipt {
            lock.withLock { bodies.append(message.body) }
            return MessageReceipt(messageId: message.id, reference: "capture", sentAt: Date())
        }

        var lastToken: String? { lock.withLock { bodies.last?.split(separator: "/").last.map(String.init) } }
    }

    static let template = #"{"name":"Service","title":{"zh":"请评价我们的服务","en":"Rate our service"},"questions":[{"key":"csat","kind":"csat","prompt":{"zh":"满意吗？","en":"How satisfied are you?"}},{"key":"nps","kind":"nps","prompt":{"zh":"会推荐吗？","en":"Would you recommend us?"}},{"key":"comment","kind":"free_text","prompt":{"zh":"其他意见","en":"Anything else?"},"required":false}],"trigger":{"kind":"manual"},"channel":"sms"}"#

    @Test func aCustomerAnswersOnThePublicPageOnceAndTheResultsCountIt() async throws {
        let master = MasterKey.random()
        let capture = Capture()
        try await TestApp.run(configure: { $0.masterKey = master; $0.publicBaseURL = "https://crm.example" }) { client, url in
            let admin = try await TestApp.login(client)
            let created = try await TestApp.send(client, .post, "/survey-templates", token: admin, json: Self.template)
            #expect(created.status == .created)
            let templateId = try #require(created.json["id"] as? String)
            #expect((try await TestApp.send(client, .get, "/survey-templates/\(templateId)", token: admin)).json["name"] as? String == "Service")

            let customers = try await TestApp.send(client, .get, "/customers?limit=1", token: admin)
            let customer = try #require((customers.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await TestApp.send(client, .post, "/customers/\(customer)/consents", token: admin,
                                           json: #"{"channel":"sms","granted":true,"source":"test"}"#).status == .created)
            let invited = try await TestApp.send(client, .post, "/survey-invitations", token: admin,
                                                 json: #"{"customerId":"\#(customer)","templateId":"\#(templateId)"}"#)
            #expect(invited.status == .created && invited.json["status"] as? String == "pending")

            try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                let services = try await PatronServices(database: database, cipher: try await FieldCipher.load(master, database: database),
                                                        hasher: BcryptPasswordHasher(cost: 4), gateway: capture, publicBaseURL: "https://crm.example")
                #expect(try await services.surveys.sendDue(at: Date(), by: .system("test")).sent == 1)
            }
            let token = try #require(capture.lastToken)

            try await client.execute(uri: "/s/\(token)?lang=en", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Rate our service") && html.contains("How satisfied are you?") && html.contains("name=\"a_csat\""))
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            try await client.execute(uri: "/s/\(token)", method: .get, headers: [.acceptLanguage: "zh-CN,zh;q=0.9"]) { response in
                #expect(String(buffer: response.body).contains("请评价我们的服务"))
            }
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/s/\(token)?lang=en", method: .post, headers: form, body: ByteBuffer(string: "a_csat=9&a_nps=3")) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("How satisfied are you?"))
            }
            try await client.execute(uri: "/s/\(token)?lang=en", method: .post, headers: form,
                                     body: ByteBuffer(string: "a_csat=1&a_nps=3&a_comment=%E5%A4%AA%E6%85%A2")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Thank you"))
            }
            try await client.execute(uri: "/s/\(token)?lang=en", method: .post, headers: form, body: ByteBuffer(string: "a_csat=5&a_nps=10")) { response in
                #expect(response.status == .gone)
                #expect(String(buffer: response.body).contains("already been used"))
            }
            let again = try await TestApp.send(client, .post, "/survey-answers", token: nil,
                                               json: #"{"token":"\#(token)","answers":[{"question":"csat","score":5},{"question":"nps","score":9}]}"#)
            #expect(again.status == .gone && again.error["code"] == "link_used")
            let unknown = try await TestApp.send(client, .post, "/survey-answers", token: nil, json: #"{"token":"nope","answers":[]}"#)
            #expect(unknown.status == .notFound)
            try await client.execute(uri: "/s/nope", method: .get) { #expect($0.status == .notFound) }

            let answered = try await TestApp.send(client, .get, "/survey-invitations?status=answered&customerId=\(customer)", token: admin)
            #expect((answered.json["items"] as? [[String: Any]])?.count == 1)
            let from = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400))
            let to = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
            let results = try await TestApp.send(client, .get, "/analytics/surveys?from=\(from)&to=\(to)&groupBy=channel", token: admin)
            #expect(results.status == .ok)
            let overall = results.json["overall"] as? [String: Any]
            #expect(overall?["csatCount"] as? Int == 1 && overall?["detractors"] as? Int == 1 && overall?["nps"] as? Double == -100)
            #expect((results.json["groups"] as? [[String: Any]])?.first?["key"] as? String == "sms")
            #expect((results.json["comments"] as? [[String: Any]])?.first?["text"] as? String == "太慢")

            // The customer's export carries the answer, scores as numbers and the comment in clear.
            let export = try await TestApp.send(client, .get, "/customers/\(customer)/export", token: admin)
            #expect(export.status == .ok)
            let answers = export.json["surveyAnswers"] as? [[String: Any]] ?? []
            #expect(answers.count == 1)
            #expect(answers.first?["csat"] as? Int == 1 && answers.first?["answer.nps"] as? Int == 3)
            #expect(answers.first?["answer.comment"] as? String == "太慢")
        }
    }

    @Test func theAPIAnswerRefusesMalformedAnswers() async throws {
        try await TestApp.run { client, _ in
            for body in [#"{"token":"x","answers":[{"question":"csat"}]}"#, #"{"token":"x","answers":[{"question":"csat","score":1,"text":"a"}]}"#,
                         #"{"token":"x","answers":[{"question":"csat","score":11}]}"#, #"{"token":"","answers":[]}"#] {
                let response = try await TestApp.send(client, .post, "/survey-answers", token: nil, json: body)
                #expect(response.status == .unprocessableContent || response.status == .badRequest, "\(body): \(response.status)")
            }
        }
    }
}
