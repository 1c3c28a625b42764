import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

struct MessageGatewayTests {
    static func message(_ body: String) -> OutboundMessage {
        OutboundMessage(channel: .sms, purpose: .surveyInvitation, customerId: UUID(), recipient: "13800138000", subject: "邀请", body: body, language: "zh-CN")
    }

    @Test func theOutboxFileKeepsEveryMessageAsAJSONLineForItsOwnerOnly() async throws {
        let path = TestDatabase.temporarySQLitePath() + ".outbox"
        let gateway = try OutboxFileGateway(path: path)
        let first = try await gateway.send(Self.message("https://crm.example/s/abc"))
        _ = try await gateway.send(Self.message("second"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let decoded = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
        #expect(decoded["body"] == "https://crm.example/s/abc")
        #expect(decoded["recipient"] == "13800138000")
        #expect(decoded["id"] == first.messageId.uuidString.lowercased())
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func theLogGatewayNeverLogsTheAddressOrTheText() async throws {
        let logs = CapturedLogs()
        _ = try await LogMessageGateway(logger: logs.logger()).send(Self.message("秘密正文 https://crm.example/s/token"))
        let text = logs.text
        #expect(text.contains("survey_invitation"))
        #expect(!text.contains("13800138000") && !text.contains("秘密正文") && !text.contains("token"))
    }
}
