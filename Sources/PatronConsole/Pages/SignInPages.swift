import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Sign-in, sign-out and the language switch. Sign-in goes through `LoginService`, so the console gets the
/// same lock-out, per-address throttle and audit as `POST /auth/login`.
extension Console {
    func registerSignIn<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("sign-in") { request, _ in self.signInForm(request) }
        group.post("sign-in") { request, _ in await self.signIn(request) }
        group.post("sign-out") { request, _ in
            await self.serve(request) { console in
                try await self.services.login.logout(sessionDigest: console.sessionDigest, by: console.caller, requestId: console.requestId)
                var response = self.redirect(to: "/console/sign-in")
                response.setCookie(self.expiredCookie(Self.sessionCookie, request))
                return response
            }
        }
        group.post("language") { request, _ in
            await self.serve(request) { console in
                let language = console.form["language"].flatMap(ConsoleLanguage.init(rawValue:)) ?? console.language
                try await self.saveLanguage(language, console)
                var response = self.redirect(to: Self.safeReturn(console.form["back"]))
                response.setCookie(self.cookie(Self.languageCookie, language.rawValue, maxAge: 365 * 86_400, request))
                return response
            }
        }
    }

    /// Only a path inside the console, never another site (`//evil.example`).
    static func safeReturn(_ path: String?) -> String {
        guard let path, path.hasPrefix("/console"), !path.hasPrefix("//"), !path.contains("\\"),
              path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return "/console" }
        return path
    }

    func signInForm(_ request: Request, status: HTTPResponse.Status = .ok, errorKey: String? = nil,
                    errorValues: [String: String] = [:], username: String = "") -> Response {
        let query = FormData(request.uri.query ?? "")
        var language = Self.language(of: request)
        var languageCookie: Cookie?
        if let chosen = query["lang"].flatMap(ConsoleLanguage.init(rawValue:)) {
            language = chosen
            languageCookie = cookie(Self.languageCookie, chosen.rawValue, maxAge: 365 * 86_400, request)
        }
        let catalogue = renderer.catalogue(language)
        let token = CSRFToken.random()
        var data: [String: Any] = [
            "csrf": token, "username": username, "next": Self.safeReturn(query["next"]),
            "otherLanguage": language.other.rawValue,
            "otherLanguageLabel": catalogue.text("language.\(language.other == .zhCN ? "zh" : "en")"),
        ]
        if let errorKey { data["error"] = catalogue.text(errorKey, errorValues) }
        let html = renderer.render("sign-in", title: catalogue.text("sign_in.title"), data: data, language: language, chrome: nil)
        var response = Self.html(html, status: status)
        response.setCookie(cookie(CSRFToken.signInCookie, token, maxAge: 3_600, request))
        if let languageCookie { response.setCookie(languageCookie) }
        return response
    }

    func signIn(_ request: Request) async -> Response {
        guard let body = try? await request.body.collect(upTo: Self.maximumFormBytes) else {
            return signInForm(request, status: .contentTooLarge, errorKey: "errors.too_large")
        }
        let form = FormData(String(buffer: body))
        let username = String((form["username"] ?? "").prefix(64))
        guard let expected = request.cookies[CSRFToken.signInCookie]?.value, CSRFToken.matches(form[CSRFToken.field], expected) else {
            return signInForm(request, status: .forbidden, errorKey: "errors.csrf", username: username)
        }
        do {
            let session = try await services.login.login(username: username, password: form.fields.first { $0.name == "password" }?.value ?? "",
                                                         clientAddress: clientAddress(), requestId: requestId())
            var response = redirect(to: Self.safeReturn(form["next"]))
            response.setCookie(cookie(Self.sessionCookie, session.token, maxAge: Int(session.expiresAt.timeIntervalSinceNow), request))
            response.setCookie(expiredCookie(CSRFToken.signInCookie, request))
            return response
        } catch PatronError.accountLocked(let until) {
            return signInForm(request, status: HTTPResponse.Status(code: 423), errorKey: "sign_in.locked", errorValues: ["until": format.time(until)], username: username)
        } catch PatronError.tooManyRequests {
            return signInForm(request, status: .tooManyRequests, errorKey: "sign_in.too_many", username: username)
        } catch PatronError.unauthenticated {
            return signInForm(request, status: .unauthorized, errorKey: "sign_in.refused", username: username)
        } catch {
            return signInForm(request, status: .serviceUnavailable, errorKey: "errors.unavailable", username: username)
        }
    }

    /// Kept on the member's record, so the choice follows them to every device.
    func saveLanguage(_ language: ConsoleLanguage, _ console: ConsoleRequest) async throws {
        let chosen: StaffMember.Language = language == .zhCN ? .zhCN : .en
        guard console.member.language != chosen else { return }
        _ = try await services.staff.setLanguage(chosen, by: console.caller, requestId: console.requestId)
    }
}
