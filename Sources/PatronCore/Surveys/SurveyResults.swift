import Foundation

/// What the results are asked for: a window of answer times and how to group them.
public struct SurveyResultsQuery: Sendable, Equatable {
    public enum Grouping: String, Sendable, CaseIterable {
        case store, staff, channel
        /// Calendar months in `timeZone`, keyed `2026-03`.
        case month
        /// ISO weeks starting Monday in `timeZone`, keyed by the Monday `2026-03-02`.
        case week
    }

    /// The longest window one query may cover, so one request cannot make the server fold years of answers.
    public static let maxDays = 731

    public var from: Date
    public var to: Date
    public var groupBy: Grouping
    public var templateId: SurveyTemplate.ID?
    public var timeZone: TimeZone
    /// How many recent comments to include (0…50).
    public var comments: Int

    public init(from: Date, to: Date, groupBy: Grouping, templateId: SurveyTemplate.ID? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
                comments: Int = 20) {
        self.from = from
        self.to = to
        self.groupBy = groupBy
        self.templateId = templateId
        self.timeZone = timeZone
        self.comments = comments
    }

    public func validate() throws(PatronError) {
        guard from < to else { throw .invalid(field: "from", message: "from must be before to") }
        guard to.timeIntervalSince(from) <= Double(Self.maxDays) * 86_400 else {
            throw .invalid(field: "to", message: "a results window covers at most \(Self.maxDays) days")
        }
        guard (0...50).contains(comments) else { throw .invalid(field: "comments", message: "between 0 and 50 comments") }
    }
}

/// Counts from which CSAT and NPS follow. Sums are of at most millions of scores ≤ 10, far inside Int.
public struct SurveyScore: Sendable, Equatable {
    public var responses = 0
    public var csatCount = 0
    public var csatSum = 0
    /// CSAT answers of 4 or 5.
    public var satisfied = 0
    public var npsCount = 0
    /// NPS 9–10.
    public var promoters = 0
    /// NPS 7–8.
    public var passives = 0
    /// NPS 0–6.
    public var detractors = 0

    public init() {}

    public mutating func add(csat: Int?, nps: Int?) {
        responses += 1
        if let csat {
            csatCount += 1
            csatSum += csat
            if csat >= 4 { satisfied += 1 }
        }
        if let nps {
            npsCount += 1
            switch nps {
            case 9...: promoters += 1
            case 7...8: passives += 1
            default: detractors += 1
            }
        }
    }

    /// Mean CSAT, 1…5; nil without CSAT answers.
    public var csatAverage: Double? { csatCount == 0 ? nil : Double(csatSum) / Double(csatCount) }
    /// Share of CSAT answers that are 4 or 5, in percent.
    public var satisfiedPercent: Double? { csatCount == 0 ? nil : Double(satisfied) * 100 / Double(csatCount) }
    /// % promoters − % detractors, −100…100.
    public var nps: Double? { npsCount == 0 ? nil : Double(promoters - detractors) * 100 / Double(npsCount) }
}

public struct SurveyResultGroup: Sendable, Equatable {
    /// A store or staff id (lowercased UUID), a channel, or a period key; `none` for answers without one.
    public var key: String
    public var score: SurveyScore

    public init(key: String, score: SurveyScore) {
        self.key = key
        self.score = score
    }
}

/// A customer's free text with the scores it came with. Personal text: shown only to callers who may read
/// customers.
public struct SurveyComment: Sendable, Equatable {
    public var answerId: SurveyAnswer.ID
    public var at: Date
    public var storeId: Store.ID?
    public var staffId: StaffMember.ID?
    public var channel: OutboundMessage.Channel
    public var csat: Int?
    public var nps: Int?
    public var text: String

    public init(answerId: SurveyAnswer.ID, at: Date, storeId: Store.ID?, staffId: StaffMember.ID?, channel: OutboundMessage.Channel,
                csat: Int?, nps: Int?, text: String) {
        self.answerId = answerId
        self.at = at
        self.storeId = storeId
        self.staffId = staffId
        self.channel = channel
        self.csat = csat
        self.nps = nps
        self.text = text
    }
}

public struct SurveyResults: Sendable, Equatable {
    public var overall: SurveyScore
    /// Ordered by key (periods chronologically).
    public var groups: [SurveyResultGroup]
    /// Newest first; empty when the caller may not read customers.
    public var comments: [SurveyComment]

    public init(overall: SurveyScore, groups: [SurveyResultGroup], comments: [SurveyComment]) {
        self.overall = overall
        self.groups = groups
        self.comments = comments
    }
}

extension SurveyResultsQuery {
    /// The group an answer falls in.
    public func key(at: Date, storeId: Store.ID?, staffId: StaffMember.ID?, channel: OutboundMessage.Channel) -> String {
        switch groupBy {
        case .store: storeId.map { $0.uuidString.lowercased() } ?? "none"
        case .staff: staffId.map { $0.uuidString.lowercased() } ?? "none"
        case .channel: channel.rawValue
        case .month, .week: periodKey(at)
        }
    }

    func periodKey(_ date: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        let start: Date
        if groupBy == .week {
            start = calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? date
        } else {
            start = calendar.dateInterval(of: .month, for: date)?.start ?? date
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        let year = parts.year ?? 0, month = parts.month ?? 0, day = parts.day ?? 0
        let monthText = month < 10 ? "0\(month)" : "\(month)"
        let dayText = day < 10 ? "0\(day)" : "\(day)"
        return groupBy == .week ? "\(year)-\(monthText)-\(dayText)" : "\(year)-\(monthText)"
    }
}
