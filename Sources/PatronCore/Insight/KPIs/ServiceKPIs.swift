import Foundation

/// Service quality over a range: the SLA report's counts and the survey scores, plus response and resolution
/// times of the tickets opened in the range (wall-clock time, not business hours).
public struct ServiceKPIs: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var tickets: Int
    public var resolved: Int64
    /// Mean minutes from opening to the first reply, of tickets replied to; nil when none was.
    public var firstResponseMinutes: Double?
    /// Mean minutes from opening to resolution, of resolved tickets; nil when none was.
    public var resolutionMinutes: Double?
    /// Of the tickets whose SLA outcome is known, the share never breached, 0…100 (as `GET /analytics/sla`).
    public var slaMetPercent: Double?
    public var slaBreached: Int
    public var survey: SurveyScore

    public init(from: Date, to: Date, tickets: Int, resolved: Int64, firstResponseMinutes: Double?, resolutionMinutes: Double?,
                slaMetPercent: Double?, slaBreached: Int, survey: SurveyScore) {
        self.from = from
        self.to = to
        self.tickets = tickets
        self.resolved = resolved
        self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes
        self.slaMetPercent = slaMetPercent
        self.slaBreached = slaBreached
        self.survey = survey
    }
}

/// Sums of ticket durations in seconds, from which the means follow.
public struct TicketTimes: Sendable, Equatable {
    public var replied: Int64
    public var firstResponseSeconds: Double
    public var resolved: Int64
    public var resolutionSeconds: Double

    public init(replied: Int64 = 0, firstResponseSeconds: Double = 0, resolved: Int64 = 0, resolutionSeconds: Double = 0) {
        self.replied = replied
        self.firstResponseSeconds = firstResponseSeconds
        self.resolved = resolved
        self.resolutionSeconds = resolutionSeconds
    }
}
