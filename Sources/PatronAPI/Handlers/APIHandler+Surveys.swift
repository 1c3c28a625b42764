import Foundation
import OpenAPIRuntime
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listSurveyTemplates(_ input: Operations.ListSurveyTemplates.Input) async throws -> Operations.ListSurveyTemplates.Output {
        let templates = try await services.surveys.templates(by: caller)
        return .ok(.init(body: .json(.init(items: templates.map(Components.Schemas.SurveyTemplate.init), nextCursor: nil))))
    }

    func createSurveyTemplate(_ input: Operations.CreateSurveyTemplate.Input) async throws -> Operations.CreateSurveyTemplate.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let template = try await services.surveys.createTemplate(try SurveyTemplate(body, id: UUID()), by: caller)
        return .created(.init(body: .json(.init(template))))
    }

    func getSurveyTemplate(_ input: Operations.GetSurveyTemplate.Input) async throws -> Operations.GetSurveyTemplate.Output {
        let template = try await services.surveys.template(try uuid(input.path.templateId, field: "templateId"), by: caller)
        return .ok(.init(body: .json(.init(template))))
    }

    func updateSurveyTemplate(_ input: Operations.UpdateSurveyTemplate.Input) async throws -> Operations.UpdateSurveyTemplate.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let id = try uuid(input.path.templateId, field: "templateId")
        let template = try await services.surveys.updateTemplate(try SurveyTemplate(body, id: id), by: caller)
        return .ok(.init(body: .json(.init(template))))
    }

    func listSurveyInvitations(_ input: Operations.ListSurveyInvitations.Input) async throws -> Operations.ListSurveyInvitations.Output {
        let q = input.query
        let page = try await services.surveys.invitations(
            customer: try q.customerId.map { try uuid($0, field: "customerId") },
            status: q.status.flatMap { SurveyInvitation.Status(rawValue: $0.rawValue) },
            page: PageRequest(cursor: q.cursor, limit: q.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.SurveyInvitation.init), nextCursor: page.nextCursor))))
    }

    func createSurveyInvitation(_ input: Operations.CreateSurveyInvitation.Input) async throws -> Operations.CreateSurveyInvitation.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let subject = SurveySubject(ticketId: try body.ticketId.map { try uuid($0, field: "ticketId") },
                                    orderId: try body.orderId.map { try uuid($0, field: "orderId") },
                                    storeId: try body.storeId.map { try uuid($0, field: "storeId") },
                                    staffId: try body.staffId.map { try uuid($0, field: "staffId") },
                                    channel: body.channel.flatMap { OutboundMessage.Channel(rawValue: $0.rawValue) })
        let invitation = try await services.surveys.invite(customer: try uuid(body.customerId, field: "customerId"),
                                                           template: try uuid(body.templateId, field: "templateId"), about: subject, by: caller)
        return .created(.init(body: .json(.init(invitation))))
    }

    /// Public: no caller. The token in the body is the only authority.
    func answerSurvey(_ input: Operations.AnswerSurvey.Input) async throws -> Operations.AnswerSurvey.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        guard (1...128).contains(body.token.count) else { throw PatronError.invalid(field: "token", message: "token must be 1 to 128 characters") }
        guard body.answers.count <= SurveyTemplate.maxQuestions else {
            throw PatronError.invalid(field: "answers", message: "at most \(SurveyTemplate.maxQuestions) answers")
        }
        var values: [String: SurveyValue] = [:]
        for (index, item) in body.answers.enumerated() {
            let field = "answers[\(index)]"
            try Validate.text(item.question, field: "\(field).question", maxLength: 32)
            if let score = item.score, !(0...10).contains(score) {
                throw PatronError.invalid(field: "\(field).score", message: "a score is between 0 and 10")
            }
            if let choice = item.choice, choice.count > 32 { throw PatronError.invalid(field: "\(field).choice", message: "at most 32 characters") }
            if let text = item.text, text.count > SurveyQuestion.freeTextLimit {
                throw PatronError.invalid(field: "\(field).text", message: "at most \(SurveyQuestion.freeTextLimit) characters")
            }
            let given = [item.score != nil, item.choice != nil, item.text != nil].filter { $0 }.count
            guard given == 1 else { throw PatronError.invalid(field: field, message: "give exactly one of score, choice or text") }
            guard values[item.question] == nil else { throw PatronError.invalid(field: "\(field).question", message: "each question is answered once") }
            if let score = item.score {
                values[item.question] = .score(score)
            } else if let choice = item.choice {
                values[item.question] = .choice(choice)
            } else if let text = item.text {
                values[item.question] = .text(text)
            }
        }
        let answer = try await services.surveys.answer(token: body.token, values: values)
        return .created(.init(body: .json(.init(id: answer.id.apiString, answeredAt: answer.answeredAt))))
    }

    func getSurveyResults(_ input: Operations.GetSurveyResults.Input) async throws -> Operations.GetSurveyResults.Output {
        let q = input.query
        let query = SurveyResultsQuery(from: q.from, to: q.to, groupBy: q.groupBy.flatMap { .init(rawValue: $0.rawValue) } ?? .store,
                                       templateId: try q.templateId.map { try uuid($0, field: "templateId") }, comments: q.comments ?? 20)
        return .ok(.init(body: .json(.init(try await services.surveys.results(query, by: caller)))))
    }
}

extension SurveyTemplate {
    /// A template from the API's input; the service validates the rest.
    init(_ body: Components.Schemas.SurveyTemplateInput, id: UUID) throws {
        let trigger: SurveyTrigger
        switch body.trigger.kind {
        case .afterPurchase:
            guard let days = body.trigger.days else { throw PatronError.invalid(field: "trigger.days", message: "an after_purchase survey needs days") }
            trigger = .afterPurchase(days: days)
        case .onTicketResolved: trigger = .onTicketResolved
        case .manual: trigger = .manual
        }
        self.init(id: id, name: body.name, title: SurveyText(body.title),
                  questions: body.questions.map { question in
                      SurveyQuestion(key: question.key, kind: SurveyQuestion.Kind(rawValue: question.kind.rawValue) ?? .freeText,
                                     prompt: SurveyText(question.prompt),
                                     options: (question.options ?? []).map { .init(key: $0.key, label: SurveyText($0.label)) },
                                     required: question.required ?? true)
                  },
                  trigger: trigger, channel: OutboundMessage.Channel(rawValue: body.channel.rawValue) ?? .sms,
                  lowScore: body.lowScore.map { LowScoreRule(csatAtMost: $0.csatAtMost, npsAtMost: $0.npsAtMost) } ?? LowScoreRule(),
                  validityDays: body.validityDays ?? 14, active: body.active ?? true)
    }
}

extension SurveyText {
    init(_ text: Components.Schemas.SurveyText) {
        self.init(zh: text.zh, en: text.en)
    }
}

extension Components.Schemas.SurveyText {
    init(_ text: SurveyText) {
        self.init(zh: text.zh, en: text.en)
    }
}

extension Components.Schemas.SurveyTemplate {
    init(_ template: SurveyTemplate) {
        var days: Int?
        if case .afterPurchase(let value) = template.trigger { days = value }
        self.init(id: template.id.apiString, name: template.name, title: .init(template.title),
                  questions: template.questions.map { question in
                      .init(key: question.key, kind: .init(rawValue: question.kind.rawValue) ?? .freeText, prompt: .init(question.prompt),
                            options: question.options.isEmpty ? nil : question.options.map { .init(key: $0.key, label: .init($0.label)) },
                            required: question.required)
                  },
                  trigger: .init(kind: .init(rawValue: template.trigger.kind) ?? .manual, days: days),
                  channel: .init(rawValue: template.channel.rawValue) ?? .sms,
                  lowScore: .init(csatAtMost: template.lowScore.csatAtMost, npsAtMost: template.lowScore.npsAtMost),
                  validityDays: template.validityDays, active: template.active, createdAt: template.createdAt, updatedAt: template.updatedAt)
    }
}

extension Components.Schemas.SurveyInvitation {
    init(_ invitation: SurveyInvitation) {
        self.init(id: invitation.id.apiString, templateId: invitation.templateId.apiString, customerId: invitation.customerId?.apiString,
                  channel: .init(rawValue: invitation.channel.rawValue) ?? .sms, ticketId: invitation.ticketId?.apiString,
                  orderId: invitation.orderId?.apiString, storeId: invitation.storeId?.apiString, staffId: invitation.staffId?.apiString,
                  trigger: .init(rawValue: invitation.trigger) ?? .manual, dueAt: invitation.dueAt, expiresAt: invitation.expiresAt,
                  status: .init(rawValue: invitation.status.rawValue) ?? .pending, sentAt: invitation.sentAt, answeredAt: invitation.answeredAt,
                  createdAt: invitation.createdAt)
    }
}

extension Components.Schemas.SurveyScore {
    init(_ score: SurveyScore) {
        self.init(responses: score.responses, csatCount: score.csatCount, csatAverage: score.csatAverage, satisfied: score.satisfied,
                  satisfiedPercent: score.satisfiedPercent, npsCount: score.npsCount, promoters: score.promoters, passives: score.passives,
                  detractors: score.detractors, nps: score.nps)
    }
}

extension Components.Schemas.SurveyResults {
    init(_ results: SurveyResults) {
        self.init(overall: .init(results.overall), groups: results.groups.map { .init(key: $0.key, score: .init($0.score)) },
                  comments: results.comments.map { comment in
                      .init(answerId: comment.answerId.apiString, at: comment.at, storeId: comment.storeId?.apiString, staffId: comment.staffId?.apiString,
                            channel: .init(rawValue: comment.channel.rawValue) ?? .sms, csat: comment.csat, nps: comment.nps, text: comment.text)
                  })
    }
}
