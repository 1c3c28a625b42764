import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The public suggestion box at `/suggest` and its status page at `/suggest/status`: no session and no CSRF
/// token — a forged submission would only add an anonymous suggestion, and the per-address limit of the
/// service bounds that. The code is shown once after submitting.
extension Console {
    func registerPublicSuggestions<Context: RequestContext>(on router: Router<Context>) {
        let group = router.group("suggest").add(middleware: ConsoleSecurityHeaders<Context>())
        group.get("") { request, _ in self.suggestionForm(request, values: [:], error: nil, status: .ok) }
        group.post("") { request, _ in await self.submitSuggestion(request) }
        group.get("status") { request, _ in await self.suggestionStatus(request) }
    }

    static let suggestionCategories: [Suggestion.Category] = Suggestion.Category.allCases

    func suggestionForm(_ request: Request, values: [String: String], error: String?, status: HTTPResponse.Status) -> Response {
        let language = Self.publicLanguage(request)
        let catalogue = renderer.catalogue(language)
        let chosen = values["category"] ?? Suggestion.Category.other.rawValue
        var data: [String: Any] = [
            "action": "/suggest?lang=\(language.rawValue)", "text": values["text"] ?? "", "contact": values["contact"] ?? "",
            "categories": Self.suggestionCategories.map {
                ["value": $0.rawValue, "label": catalogue.text("suggest.category.\($0.rawValue)"), "selected": $0.rawValue == chosen]
            },
            "statusHref": "/suggest/status?lang=\(language.rawValue)",
            "otherLanguage": language.other.rawValue, "otherLanguageHref": "/suggest?lang=\(language.other.rawValue)",
            "otherLanguageLabel": catalogue.text("language.\(language.other == .zhCN ? "zh" : "en")"),
        ]
        if let error { data["error"] = error }
        let html = renderer.render("public-suggest", title: catalogue.text("suggest.title"), data: data, language: language, chrome: nil)
        return Self.html(html, status: status)
    }

    func submitSuggestion(_ request: Request) async -> Response {
        let language = Self.publicLanguage(request)
        let catalogue = renderer.catalogue(language)
        guard let body = try? await request.body.collect(upTo: 64 * 1_024) else {
            return surveyMessage("survey.error_title", "errors.too_large", language: language, status: .contentTooLarge)
        }
        let form = FormData(String(buffer: body))
        let values = ["text": form["text"] ?? "", "category": form["category"] ?? "", "contact": form["contact"] ?? ""]
        let category = form["category"].flatMap(Suggestion.Category.init(rawValue:)) ?? .other
        do {
            let receipt = try await services.suggestions.submit(SuggestionDraft(text: values["text"] ?? "", category: category, contact: form["contact"]),
                                                                clientAddress: clientAddress())
            let data: [String: Any] = ["code": receipt.code, "statusHref": "/suggest/status?lang=\(language.rawValue)&code=\(receipt.code)"]
            let html = renderer.render("public-suggest-done", title: catalogue.text("suggest.thanks_title"), data: data, language: language, chrome: nil)
            return Self.html(html, status: .created)
        } catch PatronError.tooManyRequests(let seconds) {
            var response = surveyMessage("suggest.too_many_title", "suggest.too_many", language: language, status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch PatronError.invalid(let field, _) {
            let key = field == "contact" ? "suggest.contact_invalid" : "suggest.text_invalid"
            return suggestionForm(request, values: values, error: catalogue.text(key), status: .unprocessableContent)
        } catch {
            return surveyMessage("survey.error_title", "survey.error", language: language, status: .serviceUnavailable)
        }
    }

    func suggestionStatus(_ request: Request) async -> Response {
        let language = Self.publicLanguage(request)
        let catalogue = renderer.catalogue(language)
        let code = FormData(request.uri.query ?? "")["code"]
        var data: [String: Any] = ["code": code ?? "", "lang": language.rawValue, "backHref": "/suggest?lang=\(language.rawValue)"]
        var status: HTTPResponse.Status = .ok
        if let code {
            do {
                let view = try await services.suggestions.status(code: code)
                var found: [String: Any] = [
                    "status": catalogue.text("suggest.status.\(view.status.rawValue)"),
                    "category": catalogue.text("suggest.category.\(view.category.rawValue)"),
                    "updated": format.time(view.updatedAt),
                ]
                if let reply = view.publicReply { found["reply"] = reply }
                data["found"] = found
            } catch PatronError.notFound {
                data["error"] = catalogue.text("suggest.code_unknown")
                status = .notFound
            } catch {
                return surveyMessage("survey.error_title", "survey.error", language: language, status: .serviceUnavailable)
            }
        }
        let html = renderer.render("public-suggest-status", title: catalogue.text("suggest.status_title"), data: data, language: language, chrome: nil)
        return Self.html(html, status: status)
    }
}
