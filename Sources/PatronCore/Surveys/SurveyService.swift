import Foundation

/// Survey templates, invitations, the public answer page's two operations, the send job and the results.
/// Editing and inviting need `surveys.manage`; results need `analytics.view` or `surveys.manage`, and their
/// comments (the customers' own words) also `customers.read`.
public struct SurveyService: Sendable {
    let surveys: any SurveyRepository
    let customers: any CustomerRepository
    let gateway: any MessageGateway
    let secrets: any SecretIssuer
    /// Where the public answer page is reached from outside, without a trailing slash: links are
    /// `<publicBaseURL>/s/<token>`.
    let publicBaseURL: String
    /// Invitations one send run handles at most; the rest wait for the next run.
    static let sendBatch = 200
    /// Longer than any token this service issues; anything longer is refused without hashing.
    static let maxTokenLength = 128

    public init(surveys: any SurveyRepository, customers: any CustomerRepository, gateway: any MessageGateway, secrets: any SecretIssuer,
                publicBaseURL: String) {
        self.surveys = surveys
        self.customers = customers
        self.gateway = gateway
        self.secrets = secrets
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    // MARK: templates

    public func templates(by caller: Caller) async throws -> [SurveyTemplate] {
        try Self.requireReader(caller)
        return try await surveys.templates()
    }

    public func template(_ id: SurveyTemplate.ID, by caller: Caller) async throws -> SurveyTemplate {
        try Self.requireReader(caller)
        return try await existing(id)
    }

    public func createTemplate(_ template: SurveyTemplate, by caller: Caller, now: Date = Date()) async throws -> SurveyTemplate {
        try caller.require(.surveysManage)
        try template.validate()
        guard try await surveys.templates().count < Self.maxTemplates else {
            throw PatronError.conflict(field: nil, message: "at most \(Self.maxTemplates) survey templates; deactivate and reuse one")
        }
        var stored = template
        stored.createdAt = now
        stored.updatedAt = now
        try await surveys.insert(stored)
        return stored
    }

    /// Replaces the template's texts, questions, trigger and flags. Answers already given keep the keys they
    /// were given under.
    public func updateTemplate(_ template: SurveyTemplate, by caller: Caller, now: Date = Date()) async throws -> SurveyTemplate {
        try caller.require(.surveysManage)
        try template.validate()
        var stored = template
        stored.createdAt = try await existing(template.id).createdAt
        stored.updatedAt = now
        try await surveys.update(stored)
        return stored
    }

    static let maxTemplates = 200

    // MARK: invitations

    /// Invites one customer now; the send job delivers it within its interval, consent permitting.
    public func invite(customer: Customer.ID, template id: SurveyTemplate.ID, about subject: SurveySubject, by caller: Caller,
                       now: Date = Date()) async throws -> SurveyInvitation {
        try caller.require(.surveysManage)
        let template = try await existing(id)
        guard template.active else { throw PatronError.conflict(field: "templateId", message: "this survey template is not active") }
        _ = try await customers.live(customer)
        let invitation = SurveyInvitation(templateId: template.id, customerId: customer, channel: subject.channel ?? template.channel,
                                          ticketId: subject.ticketId, orderId: subject.orderId, storeId: subject.storeId, staffId: subject.staffId,
                                          trigger: SurveyTrigger.manual.kind, dueAt: now,
                                          expiresAt: now.addingTimeInterval(Double(template.validityDays) * 86_400), createdAt: now)
        try await surveys.insert(invitation)
        return invitation
    }

    public func invitations(customer: Customer.ID?, status: SurveyInvitation.Status?, page: PageRequest,
                            by caller: Caller) async throws -> Page<SurveyInvitation> {
        try caller.require(.surveysManage)
        return try await surveys.invitations(customer: customer, status: status, page: page)
    }

    // MARK: sending

    /// Expires stale invitations, then sends the due ones whose customer's consent allows the channel, and
    /// suppresses the rest. A message the gateway refuses stays pending for the next run. Returns counts.
    public func sendDue(at now: Date, by caller: Caller) async throws -> SurveySendReport {
        try caller.require(.surveysManage)
        var report = SurveySendReport(expired: try await surveys.expire(at: now))
        var templates: [SurveyTemplate.ID: SurveyTemplate] = [:]
        for invitation in try await surveys.due(at: now, limit: Self.sendBatch) {
            if templates[invitation.templateId] == nil { templates[invitation.templateId] = try await surveys.template(invitation.templateId) }
            guard let template = templates[invitation.templateId], template.active,
                  let customerId = invitation.customerId, case .found(let customer) = try await customers.find(customerId) else {
                try await surveys.markSuppressed(invitation.id)
                report.suppressed += 1
                continue
            }
            let consents = CustomerConsents(history: try await customers.consents(customer.id))
            guard SurveyConsent.allows(invitation.channel, consents), let recipient = SurveyConsent.recipient(of: customer, on: invitation.channel) else {
                try await surveys.markSuppressed(invitation.id)
                report.suppressed += 1
                continue
            }
            let token = secrets.newSecret(prefix: "")
            let link = "\(publicBaseURL)/s/\(token)"
            let language = "zh-CN"
            let message = OutboundMessage(channel: invitation.channel, purpose: .surveyInvitation, customerId: customer.id, recipient: recipient,
                                          subject: template.title.text(for: language), body: "\(template.title.text(for: language))\n\(link)",
                                          language: language)
            do {
                _ = try await gateway.send(message)
            } catch {
                report.failed += 1
                continue
            }
            try await surveys.markSent(invitation.id, tokenDigest: secrets.digest(token), at: now)
            report.sent += 1
        }
        return report
    }

    // MARK: the public answer page

    /// The survey behind a link, for the public page. No caller: the public answer page, authorised by the
    /// one-time token. Unknown tokens are `notFound`; used and expired ones `linkUsed` and `linkExpired`.
    public func invitation(forToken token: String, now: Date = Date()) async throws -> SurveyForm {
        let invitation = try await openInvitation(token, now: now)
        return SurveyForm(invitationId: invitation.id, template: try await existing(invitation.templateId), expiresAt: invitation.expiresAt)
    }

    /// Records the one answer a link allows and publishes `surveyAnswered` (with `lowScore` by the
    /// template's rule) in the same transaction. No caller: the token is the authority.
    public func answer(token: String, values: [String: SurveyValue], now: Date = Date()) async throws -> SurveyAnswer {
        let invitation = try await openInvitation(token, now: now)
        let template = try await existing(invitation.templateId)
        let checked = try SurveyAnswer.check(values, against: template)
        let answer = SurveyAnswer(invitationId: invitation.id, templateId: template.id, customerId: invitation.customerId, storeId: invitation.storeId,
                                  staffId: invitation.staffId, channel: invitation.channel, values: values, csat: checked.csat, nps: checked.nps,
                                  lowScore: checked.low, answeredAt: now)
        var summary: [String] = []
        if let csat = checked.csat { summary.append("CSAT \(csat)/5") }
        if let nps = checked.nps { summary.append("NPS \(nps)/10") }
        let notice = SurveyAnswerNotice(answerId: answer.id, invitationId: invitation.id, customerId: invitation.customerId, storeId: invitation.storeId,
                                        ticketId: invitation.ticketId, orderId: invitation.orderId, lowScore: checked.low,
                                        scoreSummary: summary.isEmpty ? "survey answered" : summary.joined(separator: " · "), at: now)
        guard try await surveys.record(answer, notice: notice) else {
            _ = try await openInvitation(token, now: now)
            throw PatronError.linkUsed(resource: "survey")
        }
        return answer
    }

    // MARK: results

    public func results(_ query: SurveyResultsQuery, by caller: Caller) async throws -> SurveyResults {
        try Self.requireReader(caller)
        try query.validate()
        return try await surveys.results(query, withComments: query.comments > 0 && caller.grants.holds(.customersRead))
    }

    // MARK: helpers

    static func requireReader(_ caller: Caller) throws(PatronError) {
        guard caller.grants.holds(.surveysManage) || caller.grants.holds(.analyticsView) else {
            throw .forbidden(message: "this needs the permission \(Permission.analyticsView.rawValue) or \(Permission.surveysManage.rawValue)")
        }
    }

    func existing(_ id: SurveyTemplate.ID) async throws -> SurveyTemplate {
        guard let template = try await surveys.template(id) else { throw PatronError.notFound(resource: "survey template", id: id.uuidString.lowercased()) }
        return template
    }

    /// The invitation a token opens, or why it opens none. The token is never echoed in an error.
    func openInvitation(_ token: String, now: Date) async throws -> SurveyInvitation {
        guard !token.isEmpty, token.count <= Self.maxTokenLength,
              let invitation = try await surveys.invitation(tokenDigest: secrets.digest(token)) else {
            throw PatronError.notFound(resource: "survey link", id: "given")
        }
        switch invitation.status {
        case .answered: throw PatronError.linkUsed(resource: "survey")
        case .expired, .pending, .suppressedNoConsent: throw PatronError.linkExpired(resource: "survey")
        case .sent:
            guard now < invitation.expiresAt else { throw PatronError.linkExpired(resource: "survey") }
            return invitation
        }
    }
}

/// What one send run did, for the job history: counts only.
public struct SurveySendReport: Sendable, Equatable {
    public var expired: Int
    public var sent = 0
    public var suppressed = 0
    public var failed = 0

    public init(expired: Int) {
        self.expired = expired
    }

    public var summary: String { "\(sent) sent, \(suppressed) suppressed without consent, \(failed) failed, \(expired) expired" }
}
