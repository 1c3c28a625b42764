import Foundation

/// Persistence for survey templates, invitations and answers. Answering is one conditional write: of two
/// submissions with the same token exactly one finds the invitation still open, and its answer, the
/// invitation's new status and the `surveyAnswered` event commit together.
public protocol SurveyRepository: Sendable {
    func insert(_ template: SurveyTemplate) async throws
    func update(_ template: SurveyTemplate) async throws
    func template(_ id: SurveyTemplate.ID) async throws -> SurveyTemplate?
    /// Every template, active first, by name (the service keeps them to a few hundred).
    func templates() async throws -> [SurveyTemplate]

    func insert(_ invitation: SurveyInvitation) async throws
    /// Newest first.
    func invitations(customer: Customer.ID?, status: SurveyInvitation.Status?, page: PageRequest) async throws -> Page<SurveyInvitation>
    /// Pending invitations due by `now`, oldest first, at most `limit`.
    func due(at now: Date, limit: Int) async throws -> [SurveyInvitation]
    /// Marks pending and sent invitations whose link expired by `now`; returns how many.
    func expire(at now: Date) async throws -> Int
    /// Records the send and the digest of the token the link carries.
    func markSent(_ id: SurveyInvitation.ID, tokenDigest: String, at: Date) async throws
    func markSuppressed(_ id: SurveyInvitation.ID) async throws
    func invitation(tokenDigest: String) async throws -> SurveyInvitation?
    /// Stores the answer if the invitation is still `sent` and unexpired at `answer.answeredAt`, publishing
    /// `notice`; false when another answer or the expiry came first.
    func record(_ answer: SurveyAnswer, notice: SurveyAnswerNotice) async throws -> Bool
    /// `withComments` false leaves the comments out without decrypting them.
    func results(_ query: SurveyResultsQuery, withComments: Bool) async throws -> SurveyResults
}
