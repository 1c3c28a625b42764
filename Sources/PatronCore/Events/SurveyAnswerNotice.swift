import Foundation

/// A survey invitation was answered. `lowScore` is the survey module's verdict (a CSAT of 1–2 or an NPS
/// detractor by the template's threshold); the ticket module opens a follow-up ticket on it.
public struct SurveyAnswerNotice: Sendable, Equatable {
    public var answerId: UUID
    public var invitationId: UUID
    public var customerId: Customer.ID?
    public var storeId: Store.ID?
    /// The ticket or order the survey was about, if any.
    public var ticketId: UUID?
    public var orderId: UUID?
    public var lowScore: Bool
    /// A short summary for a follow-up ticket's subject, without personal data ("CSAT 1/5").
    public var scoreSummary: String
    public var at: Date

    public init(answerId: UUID, invitationId: UUID, customerId: Customer.ID?, storeId: Store.ID?, ticketId: UUID?, orderId: UUID?,
                lowScore: Bool, scoreSummary: String, at: Date) {
        self.answerId = answerId
        self.invitationId = invitationId
        self.customerId = customerId
        self.storeId = storeId
        self.ticketId = ticketId
        self.orderId = orderId
        self.lowScore = lowScore
        self.scoreSummary = scoreSummary
        self.at = at
    }
}
