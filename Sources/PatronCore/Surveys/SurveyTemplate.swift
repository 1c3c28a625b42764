import Foundation

/// A text shown to customers in both languages Patron speaks.
public struct SurveyText: Sendable, Equatable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text for a BCP 47 tag: Chinese for any `zh…`, English otherwise.
    public func text(for language: String) -> String { language.lowercased().hasPrefix("zh") ? zh : en }

    func validate(field: String, maxLength: Int) throws(PatronError) {
        try Validate.text(zh, field: "\(field).zh", maxLength: maxLength)
        try Validate.text(en, field: "\(field).en", maxLength: maxLength)
    }
}

/// One question of a survey. `key` names it in answers (`q1`, `overall`), stable while the template lives.
public struct SurveyQuestion: Sendable, Equatable, Hashable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// Customer satisfaction, 1 (very dissatisfied) … 5 (very satisfied).
        case csat
        /// Net promoter score, 0 … 10.
        case nps
        case singleChoice = "single_choice"
        /// At most `SurveyQuestion.freeTextLimit` characters; personal text, stored encrypted.
        case freeText = "free_text"
    }

    public struct Option: Sendable, Equatable, Hashable, Codable {
        public var key: String
        public var label: SurveyText

        public init(key: String, label: SurveyText) {
            self.key = key
            self.label = label
        }
    }

    public static let freeTextLimit = 2_000
    public static let maxOptions = 10

    public var key: String
    public var kind: Kind
    public var prompt: SurveyText
    /// Only for `singleChoice`: 2 … 10 options.
    public var options: [Option]
    public var required: Bool

    public init(key: String, kind: Kind, prompt: SurveyText, options: [Option] = [], required: Bool = true) {
        self.key = key
        self.kind = kind
        self.prompt = prompt
        self.options = options
        self.required = required
    }

    /// The range a score question accepts.
    public var scoreRange: ClosedRange<Int>? {
        switch kind {
        case .csat: 1...5
        case .nps: 0...10
        case .singleChoice, .freeText: nil
        }
    }
}

/// What sends a template's invitations.
public enum SurveyTrigger: Sendable, Equatable, Hashable {
    /// `days` (1…90) after a purchase; at most one purchase survey per customer and template per `days`.
    case afterPurchase(days: Int)
    /// When a ticket of the customer is resolved.
    case onTicketResolved
    /// Only when staff or an integration invites someone.
    case manual

    public var kind: String {
        switch self {
        case .afterPurchase: "after_purchase"
        case .onTicketResolved: "on_ticket_resolved"
        case .manual: "manual"
        }
    }

    public static let purchaseDelayDays = 1...90
}

/// The scores at or below which an answer counts as low and a follow-up ticket is opened.
public struct LowScoreRule: Sendable, Equatable, Hashable {
    public var csatAtMost: Int
    public var npsAtMost: Int

    public init(csatAtMost: Int = 2, npsAtMost: Int = 6) {
        self.csatAtMost = csatAtMost
        self.npsAtMost = npsAtMost
    }
}

/// A survey: its questions in zh-CN and en, what triggers it, the channel its invitations go out on, and
/// which scores are low.
public struct SurveyTemplate: Sendable, Equatable, Identifiable {
    public typealias ID = UUID
    public static let maxQuestions = 20

    public var id: ID
    public var name: String
    public var title: SurveyText
    public var questions: [SurveyQuestion]
    public var trigger: SurveyTrigger
    public var channel: OutboundMessage.Channel
    public var lowScore: LowScoreRule
    /// How long an invitation's link stays valid after it is due, in days (1…60).
    public var validityDays: Int
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: ID = UUID(), name: String, title: SurveyText, questions: [SurveyQuestion], trigger: SurveyTrigger,
                channel: OutboundMessage.Channel, lowScore: LowScoreRule = .init(), validityDays: Int = 14, active: Bool = true,
                createdAt: Date = Date(), updatedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.title = title
        self.questions = questions
        self.trigger = trigger
        self.channel = channel
        self.lowScore = lowScore
        self.validityDays = validityDays
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public static let validityRange = 1...60

    /// Checks every rule a template must keep, naming the first field that breaks one.
    public func validate() throws(PatronError) {
        try Validate.text(name, field: "name", maxLength: 100)
        try title.validate(field: "title", maxLength: 200)
        guard (1...Self.maxQuestions).contains(questions.count) else {
            throw .invalid(field: "questions", message: "a survey has 1 to \(Self.maxQuestions) questions")
        }
        var keys = Set<String>()
        for (index, question) in questions.enumerated() {
            let field = "questions[\(index)]"
            try Validate.text(question.key, field: "\(field).key", maxLength: 32)
            guard question.key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw .invalid(field: "\(field).key", message: "a question key holds only ASCII letters, digits and '_'")
            }
            guard keys.insert(question.key).inserted else { throw .invalid(field: "\(field).key", message: "question keys must be unique") }
            try question.prompt.validate(field: "\(field).prompt", maxLength: 500)
            if question.kind == .singleChoice {
                guard (2...SurveyQuestion.maxOptions).contains(question.options.count) else {
                    throw .invalid(field: "\(field).options", message: "a single-choice question has 2 to \(SurveyQuestion.maxOptions) options")
                }
                var optionKeys = Set<String>()
                for (optionIndex, option) in question.options.enumerated() {
                    try Validate.text(option.key, field: "\(field).options[\(optionIndex)].key", maxLength: 32)
                    guard optionKeys.insert(option.key).inserted else {
                        throw .invalid(field: "\(field).options[\(optionIndex)].key", message: "option keys must be unique")
                    }
                    try option.label.validate(field: "\(field).options[\(optionIndex)].label", maxLength: 200)
                }
            } else if !question.options.isEmpty {
                throw .invalid(field: "\(field).options", message: "only single-choice questions have options")
            }
        }
        if case .afterPurchase(let days) = trigger, !SurveyTrigger.purchaseDelayDays.contains(days) {
            throw .invalid(field: "trigger.days", message: "a purchase survey goes out 1 to 90 days after the purchase")
        }
        guard (1...5).contains(lowScore.csatAtMost) else { throw .invalid(field: "lowScore.csatAtMost", message: "must be between 1 and 5") }
        guard (0...10).contains(lowScore.npsAtMost) else { throw .invalid(field: "lowScore.npsAtMost", message: "must be between 0 and 10") }
        guard Self.validityRange.contains(validityDays) else { throw .invalid(field: "validityDays", message: "must be between 1 and 60") }
    }

    /// The first CSAT and NPS questions are the ones results and the low-score rule read.
    public var csatKey: String? { questions.first { $0.kind == .csat }?.key }
    public var npsKey: String? { questions.first { $0.kind == .nps }?.key }
}
