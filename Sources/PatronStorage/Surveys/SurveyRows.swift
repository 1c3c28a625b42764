import Foundation
import PatronCore
import SQLKit

/// How survey records map to rows, shared by the repository, the event subscriber, the customer-data
/// participant and the timeline source.
enum SurveyRows {
    static let templates = "survey_templates"
    static let invitations = "survey_invitations"
    static let answers = "survey_answers"

    static func template(_ row: any SQLRow) throws -> SurveyTemplate {
        let questionsJSON = try row.decode(column: "questions", as: String.self)
        let questions: [SurveyQuestion]
        do {
            questions = try JSONDecoder().decode([SurveyQuestion].self, from: Data(questionsJSON.utf8))
        } catch {
            throw UnknownStoredValue(column: "questions", value: questionsJSON, type: "[SurveyQuestion]")
        }
        let kind = try row.decode(column: "trigger_kind", as: String.self)
        let trigger: SurveyTrigger
        switch kind {
        case "after_purchase": trigger = .afterPurchase(days: try row.decode(column: "trigger_days", as: Int?.self) ?? 1)
        case "on_ticket_resolved": trigger = .onTicketResolved
        case "manual": trigger = .manual
        default: throw UnknownStoredValue(column: "trigger_kind", value: kind, type: "SurveyTrigger")
        }
        return SurveyTemplate(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                              title: SurveyText(zh: try row.decode(column: "title_zh", as: String.self), en: try row.decode(column: "title_en", as: String.self)),
                              questions: questions, trigger: trigger, channel: try row.decodeEnum(column: "channel"),
                              lowScore: LowScoreRule(csatAtMost: try row.decode(column: "low_csat", as: Int.self),
                                                     npsAtMost: try row.decode(column: "low_nps", as: Int.self)),
                              validityDays: try row.decode(column: "validity_days", as: Int.self), active: try row.decode(column: "active", as: Bool.self),
                              createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func templateColumns(_ template: SurveyTemplate) throws -> [(String, any SQLExpression)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let questions = String(decoding: try encoder.encode(template.questions), as: UTF8.self)
        var days: Int?
        if case .afterPurchase(let value) = template.trigger { days = value }
        return [("name", SQLBind(template.name)), ("title_zh", SQLBind(template.title.zh)), ("title_en", SQLBind(template.title.en)),
                ("questions", SQLBind(questions)), ("trigger_kind", SQLBind(template.trigger.kind)), ("trigger_days", SQLBind(days)),
                ("channel", SQLBind(template.channel.rawValue)), ("low_csat", SQLBind(template.lowScore.csatAtMost)),
                ("low_nps", SQLBind(template.lowScore.npsAtMost)), ("validity_days", SQLBind(template.validityDays)),
                ("active", SQLBind(template.active)), ("updated_at", SQLBind(template.updatedAt))]
    }

    static func invitation(_ row: any SQLRow) throws -> SurveyInvitation {
        SurveyInvitation(id: try row.decode(column: "id", as: UUID.self), templateId: try row.decode(column: "template_id", as: UUID.self),
                         customerId: try row.decode(column: "customer_id", as: UUID?.self), channel: try row.decodeEnum(column: "channel"),
                         ticketId: try row.decode(column: "ticket_id", as: UUID?.self), orderId: try row.decode(column: "order_id", as: UUID?.self),
                         storeId: try row.decode(column: "store_id", as: UUID?.self), staffId: try row.decode(column: "staff_id", as: UUID?.self),
                         trigger: try row.decode(column: "trigger_kind", as: String.self), dueAt: try row.decode(column: "due_at", as: Date.self),
                         expiresAt: try row.decode(column: "expires_at", as: Date.self), status: try row.decodeEnum(column: "status"),
                         sentAt: try row.decode(column: "sent_at", as: Date?.self), answeredAt: try row.decode(column: "answered_at", as: Date?.self),
                         createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    static func insert(_ invitation: SurveyInvitation, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: invitations)
            .columns("id", "template_id", "customer_id", "channel", "ticket_id", "order_id", "store_id", "staff_id", "trigger_kind", "due_at",
                     "expires_at", "status", "created_at")
            .values(SQLBind(invitation.id), SQLBind(invitation.templateId), SQLBind(invitation.customerId), SQLBind(invitation.channel.rawValue),
                    SQLBind(invitation.ticketId), SQLBind(invitation.orderId), SQLBind(invitation.storeId), SQLBind(invitation.staffId),
                    SQLBind(invitation.trigger), SQLBind(invitation.dueAt), SQLBind(invitation.expiresAt), SQLBind(invitation.status.rawValue),
                    SQLBind(invitation.createdAt))
            .run()
    }

    /// Scores and choices, which are counted and stay in clear.
    struct Plain: Codable {
        var scores: [String: Int] = [:]
        var choices: [String: String] = [:]
    }

    static func split(_ values: [String: SurveyValue]) -> (plain: Plain, texts: [String: String]) {
        var plain = Plain()
        var texts: [String: String] = [:]
        for (key, value) in values {
            switch value {
            case .score(let score): plain.scores[key] = score
            case .choice(let choice): plain.choices[key] = choice
            case .text(let text): texts[key] = text
            }
        }
        return (plain, texts)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The answer's values, the free texts opened with `cipher` (none after an erase).
    static func values(_ row: any SQLRow, cipher: FieldCipher) throws -> [String: SurveyValue] {
        let plainJSON = try row.decode(column: "scores", as: String.self)
        guard let plain = try? JSONDecoder().decode(Plain.self, from: Data(plainJSON.utf8)) else {
            throw UnknownStoredValue(column: "scores", value: plainJSON, type: "survey scores")
        }
        var values: [String: SurveyValue] = [:]
        for (key, score) in plain.scores { values[key] = .score(score) }
        for (key, choice) in plain.choices { values[key] = .choice(choice) }
        for (key, text) in try texts(row, cipher: cipher) { values[key] = .text(text) }
        return values
    }

    static func texts(_ row: any SQLRow, cipher: FieldCipher) throws -> [String: String] {
        guard let sealed = try row.decode(column: "comments", as: Data?.self) else { return [:] }
        let json = try cipher.open(sealed)
        guard let texts = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
            throw UnknownStoredValue(column: "comments", value: "(sealed)", type: "survey comments")
        }
        return texts
    }

    static func comment(_ texts: [String: String]) -> String? {
        let parts = texts.sorted { $0.key < $1.key }.map(\.value).filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }
}
