import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PatronCore
import PatronStorage

/// The staff console under `/console`: server-rendered pages over the same services as the JSON API, so a
/// page can show or do exactly what its caller may do through the API and nothing more.
public struct Console: Sendable {
    let services: PatronServices
    let configuration: ConsoleConfiguration
    let renderer: Renderer
    /// The client's address as the server's middleware determined it (proxy-aware), for sign-in limits.
    let clientAddress: @Sendable () -> String?
    let requestId: @Sendable () -> String?

    public init(services: PatronServices, configuration: ConsoleConfiguration,
                clientAddress: @escaping @Sendable () -> String? = { nil },
                requestId: @escaping @Sendable () -> String? = { nil }) async throws {
        self.services = services
        self.configuration = configuration
        renderer = try await Renderer.load(timeZone: configuration.timeZone)
        self.clientAddress = clientAddress
        self.requestId = requestId
    }

    var format: ConsoleFormat { renderer.format }

    static let sessionCookie = "patron_session"
    static let languageCookie = "patron_lang"
    /// Forms are small; a larger body is refused before it is parsed.
    static let maximumFormBytes = 256 * 1_024

    public func register<Context: RequestContext>(on router: Router<Context>) {
        let group = router.group("console").add(middleware: ConsoleSecurityHeaders<Context>()).add(middleware: ServerTiming<Context>())
        registerAssets(on: group)
        registerSignIn(on: group)
        registerPages(on: group)
        group.get("**") { request, _ in await self.serve(request) { try await self.notFoundPage($0) } }
        registerPublicSurvey(on: router)
        registerPublicSuggestions(on: router)
    }

    // MARK: - Serving a signed-in page

    /// Checks the session (else to the sign-in page), the CSRF token of a POST (else 403), picks the
    /// language, runs the page and turns domain errors into the 403, 404 or error page.
    func serve(_ request: Request, _ handler: @escaping @Sendable (ConsoleRequest) async throws -> Response) async -> Response {
        let path = request.uri.path
        guard let secret = request.cookies[Self.sessionCookie]?.value, !secret.isEmpty else {
            return signInRedirect(from: request)
        }
        let authenticated: Authenticator.Authenticated
        do {
            authenticated = try await services.authenticator.authenticate(secret, via: .console)
        } catch {
            var response = signInRedirect(from: request)
            response.setCookie(expiredCookie(Self.sessionCookie, request))
            return response
        }
        guard case .staff(let member) = authenticated.caller.identity else { return signInRedirect(from: request) }
        let language = member.consoleLanguage ?? Self.language(of: request)
        var form = FormData("")
        if request.method == .post {
            guard let body = try? await request.body.collect(upTo: Self.maximumFormBytes) else {
                return errorPage(status: .contentTooLarge, key: "errors.too_large", language: language)
            }
            form = FormData(String(buffer: body))
        }
        let console = ConsoleRequest(caller: authenticated.caller, member: member, language: language,
                                     csrf: CSRFToken.forSession(secret), sessionDigest: authenticated.sessionDigest,
                                     requestId: requestId(), path: path, query: FormData(request.uri.query ?? ""), form: form)
        if request.method == .post, !CSRFToken.matches(form[CSRFToken.field], console.csrf) {
            return page(status: .forbidden, "error", titleKey: "errors.csrf_title", data: ["message": text("errors.csrf", console)], console)
        }
        do {
            return try await handler(console)
        } catch let error as PatronError {
            return self.page(for: error, console)
        } catch {
            return self.page(status: .internalServerError, "error", titleKey: "errors.server_title",
                             data: ["message": text("errors.server", console)], console)
        }
    }

    func page(for error: PatronError, _ console: ConsoleRequest) -> Response {
        switch error {
        case .forbidden:
            return page(status: .forbidden, "forbidden", titleKey: "errors.forbidden_title", data: [:], console)
        case .notFound, .erased:
            return notFound(console)
        case .merged(_, let into):
            return redirect(to: "/console/customers/\(into.uuidString.lowercased())")
        case .unauthenticated:
            return redirect(to: "/console/sign-in")
        case .storageUnavailable:
            return page(status: .serviceUnavailable, "error", titleKey: "errors.unavailable_title",
                        data: ["message": text("errors.unavailable", console)], console)
        default:
            return page(status: .unprocessableContent, "error", titleKey: "errors.invalid_title",
                        data: ["message": error.message], console)
        }
    }

    func notFound(_ console: ConsoleRequest) -> Response {
        page(status: .notFound, "not-found", titleKey: "errors.not_found_title", data: [:], console)
    }

    func notFoundPage(_ console: ConsoleRequest) async throws -> Response { notFound(console) }

    // MARK: - Responses

    func text(_ key: String, _ console: ConsoleRequest, _ values: [String: String] = [:]) -> String {
        renderer.catalogue(console.language).text(key, values)
    }

    /// Renders `template` inside the layout with the navigation, the language switch and the CSRF token.
    func page(status: HTTPResponse.Status = .ok, _ template: String, titleKey: String, titleValues: [String: String] = [:],
              data: [String: Any], _ console: ConsoleRequest) -> Response {
        let title = text(titleKey, console, titleValues)
        let html = renderer.render(template, title: title, data: data, language: console.language, chrome: chrome(console))
        return Self.html(html, status: status)
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func signInRedirect(from request: Request) -> Response {
        let next = request.method == .get ? request.uri.path : "/console"
        let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "/console"
        return redirect(to: "/console/sign-in?next=\(encoded)")
    }

    /// A page shown when something fails before the page's own handler can run.
    func errorPage(status: HTTPResponse.Status, key: String, language: ConsoleLanguage) -> Response {
        let catalogue = renderer.catalogue(language)
        let html = renderer.render("error", title: catalogue.text("errors.invalid_title"), data: ["message": catalogue.text(key)],
                                   language: language, chrome: nil)
        return Self.html(html, status: status)
    }

    // MARK: - Cookies and language

    func secure(_ request: Request) -> Bool {
        configuration.alwaysSecureCookies || request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    func cookie(_ name: String, _ value: String, maxAge: Int?, _ request: Request) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/console", secure: secure(request), httpOnly: true, sameSite: .strict)
    }

    func expiredCookie(_ name: String, _ request: Request) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/console",
               secure: secure(request), httpOnly: true, sameSite: .strict)
    }

    /// The language before the member's own setting is known: the cookie set by the switch, else the browser's.
    static func language(of request: Request) -> ConsoleLanguage {
        if let saved = request.cookies[languageCookie]?.value, let language = ConsoleLanguage(rawValue: saved) { return language }
        return ConsoleLanguage.negotiate(request.headers[.acceptLanguage]) ?? .zhCN
    }
}

extension StaffMember {
    /// The member's saved console language, if any.
    var consoleLanguage: ConsoleLanguage? {
        switch language {
        case .zhCN: .zhCN
        case .en: .en
        case nil: nil
        }
    }
}
