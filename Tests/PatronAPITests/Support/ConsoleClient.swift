import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A small browser for console tests: keeps the cookies the console sets (session, sign-in CSRF, language),
/// follows nothing by itself, and sends forms urlencoded with the CSRF token of the last page it fetched
/// (or one given explicitly). Used from one test task at a time.
final class ConsoleClient {
    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String

        var location: String? { headers[.location] }
        /// The first `_csrf` hidden input of the page.
        var csrf: String? { ConsoleClient.hiddenValue("_csrf", in: body) }
    }

    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]
    private(set) var last: Page?

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    /// A client already signed in as `username`.
    static func signedIn(_ client: any TestClientProtocol, as username: String = "admin",
                         password: String = TestApp.adminPassword) async throws -> ConsoleClient {
        let console = ConsoleClient(client)
        let answer = try await console.signIn(username: username, password: password)
        guard answer.status == .seeOther, console.cookies["patron_session"] != nil else { throw SignInFailed(status: answer.status.code) }
        return console
    }

    struct SignInFailed: Error { let status: Int }

    /// Fetches the sign-in form for its token and cookie, then posts the credentials.
    @discardableResult
    func signIn(username: String, password: String, next: String = "/console") async throws -> Page {
        let form = try await get("/console/sign-in")
        return try await post("/console/sign-in", fields: [("username", username), ("password", password), ("next", next)], csrf: form.csrf)
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil)
    }

    /// Posts `fields` with `_csrf` taken from `csrf`, else from the last page fetched.
    @discardableResult
    func post(_ path: String, fields: [(String, String)], csrf: String? = nil) async throws -> Page {
        var all = fields
        if let token = csrf ?? last?.csrf { all.append(("_csrf", token)) }
        return try await send(path, method: .post, body: BrowserCookies.formBody(all))
    }

    private func send(_ path: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
        var headers: HTTPFields = [:]
        headers[.cookie] = BrowserCookies.header(cookies)
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[values: .setCookie] { BrowserCookies.apply(header, to: &cookies) }
        let page = Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        if page.headers[.contentType]?.hasPrefix("text/html") == true { last = page }
        return page
    }

    /// The value of the first `<input type="hidden" name="…" value="…">` of `html`.
    static func hiddenValue(_ name: String, in html: String) -> String? {
        guard let field = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[field.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
