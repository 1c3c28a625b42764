import Foundation
import PatronCore

/// Sends due survey invitations every minute, consent permitting, and expires stale ones.
public struct SurveySendJob: Job {
    let surveys: SurveyService
    public let interval: TimeInterval
    public let name = "surveys.send"
    static let caller = Caller.system("survey job")

    public init(surveys: SurveyService, interval: TimeInterval = 60) {
        self.surveys = surveys
        self.interval = interval
    }

    public func run(at now: Date) async throws -> JobReport {
        JobReport(try await surveys.sendDue(at: now, by: Self.caller).summary)
    }
}
