import Foundation

/// One value given to one question.
public enum SurveyValue: Sendable, Equatable, Hashable {
    case score(Int)
    case choice(String)
    case text(String)
}

/// The answer to one invitation. Scores and choices are plain (they are counted); free texts are the
/// customer's own words, stored encrypted and erased with the person.
public struct SurveyAnswer: Sendable, Equatable, Identifiable {
    public typealias ID = UUID

    public var id: ID
    public var invitationId: SurveyInvitation.ID
    public var templateId: SurveyTemplate.ID
    public var customerId: Customer.ID?
    public var storeId: Store.ID?
    public var staffId: StaffMember.ID?
    public var channel: OutboundMessage.Channel
    /// By question key.
    public var values: [String: SurveyValue]
    public var csat: Int?
    public var nps: Int?
    public var lowScore: Bool
    public var answeredAt: Date

    public init(id: ID = UUID(), invitationId: SurveyInvitation.ID, templateId: SurveyTemplate.ID, customerId: Customer.ID?, storeId: Store.ID?,
                staffId: StaffMember.ID?, channel: OutboundMessage.Channel, values: [String: SurveyValue], csat: Int?, nps: Int?,
                lowScore: Bool, answeredAt: Date) {
        self.id = id
        self.invitationId = invitationId
        self.templateId = templateId
        self.customerId = customerId
        self.storeId = storeId
        self.staffId = staffId
        self.channel = channel
        self.values = values
        self.csat = csat
        self.nps = nps
        self.lowScore = lowScore
        self.answeredAt = answeredAt
    }

    /// The free-text values joined, for the comments list; nil when the customer wrote nothing.
    public var comment: String? {
        let texts = values.sorted { $0.key < $1.key }.compactMap { entry -> String? in
            if case .text(let text) = entry.value, !text.isEmpty { return text }
            return nil
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    /// Checks `values` against the template's questions and derives the scores and the low-score verdict.
    public static func check(_ values: [String: SurveyValue], against template: SurveyTemplate) throws(PatronError)
        -> (csat: Int?, nps: Int?, low: Bool) {
        let known = Set(template.questions.map(\.key))
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid(field: "answers.\(unknown)", message: "this survey has no question '\(unknown)'")
        }
        for question in template.questions {
            let field = "answers.\(question.key)"
            guard let value = values[question.key] else {
                if question.required { throw .invalid(field: field, message: "this question needs an answer") }
                continue
            }
            switch (question.kind, value) {
            case (.csat, .score(let score)), (.nps, .score(let score)):
                guard question.scoreRange!.contains(score) else {
                    throw .invalid(field: field, message: "the score must be between \(question.scoreRange!.lowerBound) and \(question.scoreRange!.upperBound)")
                }
            case (.singleChoice, .choice(let key)):
                guard question.options.contains(where: { $0.key == key }) else {
                    throw .invalid(field: field, message: "'\(key.prefix(32))' is not one of the options")
                }
            case (.freeText, .text(let text)):
                guard text.count <= SurveyQuestion.freeTextLimit else {
                    throw .invalid(field: field, message: "at most \(SurveyQuestion.freeTextLimit) characters")
                }
                guard !text.unicodeScalars.contains("\u{0}") else { throw .invalid(field: field, message: "must not hold a NUL character") }
            default:
                throw .invalid(field: field, message: "a \(question.kind.rawValue) question takes a different kind of answer")
            }
        }
        func score(_ key: String?) -> Int? {
            guard let key, case .score(let value) = values[key] else { return nil }
            return value
        }
        let csat = score(template.csatKey)
        let nps = score(template.npsKey)
        let low = (csat.map { $0 <= template.lowScore.csatAtMost } ?? false) || (nps.map { $0 <= template.lowScore.npsAtMost } ?? false)
        return (csat, nps, low)
    }
}
