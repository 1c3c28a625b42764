import Foundation

/// SLA outcomes of the tickets opened in a period, grouped by store, channel, queue or period.
public struct SLAReport: Sendable, Equatable {
    public enum Grouping: Sendable, Equatable, Hashable {
        case store, channel, queue
        case period(Period)

        public enum Period: String, Sendable, CaseIterable { case day, week, month }

        /// `store`, `channel`, `queue`, `day`, `week`, `month`.
        public init(name: String) throws(PatronError) {
            switch name {
            case "store": self = .store
            case "channel": self = .channel
            case "queue": self = .queue
            default:
                guard let period = Period(rawValue: name) else {
                    throw .invalid(field: "groupBy", message: "groupBy must be store, channel, queue, day, week or month")
                }
                self = .period(period)
            }
        }

        public var name: String {
            switch self {
            case .store: "store"
            case .channel: "channel"
            case .queue: "queue"
            case .period(let period): period.rawValue
            }
        }
    }

    /// One ticket's outcome, as the report reads it.
    public struct Outcome: Sendable, Equatable {
        public var openedAt: Date
        public var storeId: Store.ID?
        public var channel: String
        public var queue: String?
        public var firstResponse: SLATarget.Status?
        public var resolution: SLATarget.Status?
        public var breached: Bool

        public init(openedAt: Date, storeId: Store.ID?, channel: String, queue: String?, firstResponse: SLATarget.Status?,
                    resolution: SLATarget.Status?, breached: Bool) {
            self.openedAt = openedAt
            self.storeId = storeId
            self.channel = channel
            self.queue = queue
            self.firstResponse = firstResponse
            self.resolution = resolution
            self.breached = breached
        }
    }

    public struct Group: Sendable, Equatable {
        /// The store id, channel, queue (`none` for none), or the period's first day (`2026-11-02`; `2026-11` for
        /// a month).
        public var key: String
        public var tickets: Int
        public var firstResponseMet: Int
        public var resolutionMet: Int
        public var breached: Int
        /// Of the tickets whose outcome is known (breached, or resolved within target), the share never
        /// breached, 0…100 to one decimal; nil while none is known.
        public var metPercent: Double?

        public init(key: String, tickets: Int = 0, firstResponseMet: Int = 0, resolutionMet: Int = 0, breached: Int = 0, metPercent: Double? = nil) {
            self.key = key
            self.tickets = tickets
            self.firstResponseMet = firstResponseMet
            self.resolutionMet = resolutionMet
            self.breached = breached
            self.metPercent = metPercent
        }
    }

    /// The longest range a report covers.
    public static let maxDays = 400

    public var from: Date
    public var to: Date
    public var grouping: Grouping
    public var groups: [Group]

    public init(from: Date, to: Date, grouping: Grouping, groups: [Group]) {
        self.from = from
        self.to = to
        self.grouping = grouping
        self.groups = groups
    }

    public static func validateRange(from: Date, to: Date) throws(PatronError) {
        guard from < to else { throw .invalid(field: "to", message: "to must be after from") }
        guard to.timeIntervalSince(from) <= TimeInterval(maxDays) * 86_400 else {
            throw .invalid(field: "to", message: "a report covers at most \(maxDays) days")
        }
    }

    /// Folds outcomes into groups, sorted by key; periods are local to `timeZone`, weeks start on Monday.
    public static func build(_ outcomes: [Outcome], from: Date, to: Date, grouping: Grouping, timeZone: TimeZone) -> SLAReport {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        var groups: [String: Group] = [:]
        var decided: [String: Int] = [:]
        for outcome in outcomes {
            let key = Self.key(of: outcome, grouping: grouping, calendar: calendar)
            var group = groups[key] ?? Group(key: key)
            group.tickets += 1
            if outcome.firstResponse == .met { group.firstResponseMet += 1 }
            if outcome.resolution == .met { group.resolutionMet += 1 }
            if outcome.breached { group.breached += 1 }
            if outcome.breached || outcome.resolution == .met { decided[key, default: 0] += 1 }
            groups[key] = group
        }
        let result = groups.values.sorted { $0.key < $1.key }.map { group -> Group in
            var group = group
            if let known = decided[group.key], known > 0 {
                group.metPercent = (Double(known - group.breached) * 1000 / Double(known)).rounded() / 10
            }
            return group
        }
        return SLAReport(from: from, to: to, grouping: grouping, groups: result)
    }

    static func key(of outcome: Outcome, grouping: Grouping, calendar: Calendar) -> String {
        switch grouping {
        case .store: return outcome.storeId?.uuidString.lowercased() ?? "none"
        case .channel: return outcome.channel
        case .queue: return outcome.queue ?? "none"
        case .period(let period):
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: outcome.openedAt)
            let (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
            switch period {
            case .day: return String(format: "%04d-%02d-%02d", year, month, day)
            case .month: return String(format: "%04d-%02d", year, month)
            case .week:
                let date = ServiceDate(dayNumber: ServiceDate.daysFromCivil(year: year, month: month, day: day))
                return date.adding(days: 1 - date.isoWeekday).description
            }
        }
    }
}
