import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The public survey page at `/s/{token}`: no session, no CSRF cookie. The one-time token in the path is the
/// only authority, so a forged cross-site POST would need the token itself; an answer is accepted once, after
/// which the link shows that it was used (410), as does an expired one. Unknown tokens get 404. Text comes
/// from the `survey` catalogue, the questions from the template in the visitor's language (`?lang=`, else
/// `Accept-Language`, else Chinese).
extension Console {
    func registerPublicSurvey<Context: RequestContext>(on router: Router<Context>) {
        let group = router.group("s").add(middleware: ConsoleSecurityHeaders<Context>())
        group.get(":token") { request, context in
            await self.surveyPage(request, token: context.parameters.get("token") ?? "")
        }
        group.post(":token") { request, context in
            await self.answerSurvey(request, token: context.parameters.get("token") ?? "")
        }
    }

    static func publicLanguage(_ request: Request) -> ConsoleLanguage {
        FormData(request.uri.query ?? "")["lang"].flatMap(ConsoleLanguage.init(rawValue:))
            ?? ConsoleLanguage.negotiate(request.headers[.acceptLanguage]) ?? .zhCN
    }

    func surveyPage(_ request: Request, token: String) async -> Response {
        let language = Self.publicLanguage(request)
        do {
            let form = try await services.surveys.invitation(forToken: token)
            return surveyForm(form, token: token, language: language, values: [:], error: nil, status: .ok)
        } catch {
            return surveyRefusal(error, language: language)
        }
    }

    func answerSurvey(_ request: Request, token: String) async -> Response {
        let language = Self.publicLanguage(request)
        let catalogue = renderer.catalogue(language)
        guard let body = try? await request.body.collect(upTo: 64 * 1_024) else {
            return surveyMessage("survey.error_title", "errors.too_large", language: language, status: .contentTooLarge)
        }
        let posted = FormData(String(buffer: body))
        let form: SurveyForm
        do {
            form = try await services.surveys.invitation(forToken: token)
        } catch {
            return surveyRefusal(error, language: language)
        }
        var values: [String: SurveyValue] = [:]
        var raw: [String: String] = [:]
        var badQuestion: SurveyQuestion?
        for question in form.template.questions {
            guard let value = posted["a_\(question.key)"] else { continue }
            raw[question.key] = value
            switch question.kind {
            case .csat, .nps:
                if let score = Int(value), value.count <= 2 { values[question.key] = .score(score) } else { badQuestion = badQuestion ?? question }
            case .singleChoice:
                values[question.key] = .choice(String(value.prefix(64)))
            case .freeText:
                values[question.key] = .text(value)
            }
        }
        if let badQuestion {
            return surveyForm(form, token: token, language: language, values: raw,
                              error: catalogue.text("survey.invalid", ["question": badQuestion.prompt.text(for: language.rawValue)]),
                              status: .unprocessableContent)
        }
        do {
            _ = try await services.surveys.answer(token: token, values: values)
            return surveyMessage("survey.thanks_title", "survey.thanks", language: language, status: .ok)
        } catch PatronError.invalid(let field, _) {
            let key = field.map { String($0.dropFirst("answers.".count)) }
            let question = form.template.questions.first { $0.key == key }
            let message = question.map { catalogue.text("survey.invalid", ["question": $0.prompt.text(for: language.rawValue)]) }
                ?? catalogue.text("survey.error")
            return surveyForm(form, token: token, language: language, values: raw, error: message, status: .unprocessableContent)
        } catch {
            return surveyRefusal(error, language: language)
        }
    }

    /// Why a link shows no form: unknown (404), used or expired (410), or a failure (503).
    func surveyRefusal(_ error: any Error, language: ConsoleLanguage) -> Response {
        switch error as? PatronError {
        case .linkUsed: surveyMessage("survey.used_title", "survey.used", language: language, status: .gone)
        case .linkExpired: surveyMessage("survey.expired_title", "survey.expired", language: language, status: .gone)
        case .notFound: surveyMessage("survey.not_found_title", "survey.not_found", language: language, status: .notFound)
        default: surveyMessage("survey.error_title", "survey.error", language: language, status: .serviceUnavailable)
        }
    }

    func surveyMessage(_ titleKey: String, _ messageKey: String, language: ConsoleLanguage, status: HTTPResponse.Status) -> Response {
        let catalogue = renderer.catalogue(language)
        let html = renderer.render("public-message", title: catalogue.text(titleKey), data: ["message": catalogue.text(messageKey)],
                                   language: language, chrome: nil)
        return Self.html(html, status: status)
    }

    func surveyForm(_ form: SurveyForm, token: String, language: ConsoleLanguage, values: [String: String], error: String?,
                    status: HTTPResponse.Status) -> Response {
        let catalogue = renderer.catalogue(language)
        let tag = language.rawValue
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? ""
        let questions: [[String: Any]] = form.template.questions.map { question in
            var item: [String: Any] = ["key": question.key, "prompt": question.prompt.text(for: tag), "required": question.required]
            let given = values[question.key] ?? ""
            switch question.kind {
            case .csat, .nps:
                let range = question.scoreRange ?? 0...0
                item["scale"] = [
                    "points": range.map { ["value": String($0), "checked": given == String($0)] },
                    "low": catalogue.text(question.kind == .csat ? "survey.csat_low" : "survey.nps_low"),
                    "high": catalogue.text(question.kind == .csat ? "survey.csat_high" : "survey.nps_high"),
                ] as [String: Any]
            case .singleChoice:
                item["choices"] = question.options.map { ["value": $0.key, "label": $0.label.text(for: tag), "checked": given == $0.key] }
            case .freeText:
                item["text"] = ["value": given]
            }
            return item
        }
        var data: [String: Any] = [
            "action": "/s/\(encoded)?lang=\(tag)", "questions": questions,
            "otherLanguage": language.other.rawValue, "otherLanguageHref": "/s/\(encoded)?lang=\(language.other.rawValue)",
            "otherLanguageLabel": catalogue.text("language.\(language.other == .zhCN ? "zh" : "en")"),
        ]
        if let error { data["error"] = error }
        let html = renderer.render("public-survey", title: form.template.title.text(for: tag), data: data, language: language, chrome: nil)
        return Self.html(html, status: status)
    }
}
