import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A cookie-keeping client for the administration page tests: signs in through the real form and posts
/// forms with the `_csrf` token of the last page it read, as a browser would.
struct ConsoleAdminClient {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let location: String?
        let body: String

        func has(id: String) -> Bool { body.contains(#"id="\#(id)""#) }

        /// The first capture of `pattern` in the body.
        func first(_ pattern: String) -> String? {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: body, range: NSRange(body.startIndex..., in: body)),
                  let range = Range(match.range(at: 1), in: body) else { return nil }
            return String(body[range])
        }
    }

    static func signedIn(_ client: any TestClientProtocol, as username: String = "admin",
                         password: String = TestApp.adminPassword) async throws -> ConsoleAdminClient {
        var browser = ConsoleAdminClient(client)
        let form = try await browser.get("/console/sign-in")
        let answer = try await browser.send("/console/sign-in", method: .post, form: [
            ("username", username), ("password", password), ("_csrf", form.first(#"name="_csrf" value="([^"]*)""#) ?? ""), ("next", "/console"),
        ])
        guard answer.status == .seeOther, answer.location == "/console" else { throw SignInFailed(status: answer.status.code) }
        _ = try await browser.get("/console")
        return browser
    }

    struct SignInFailed: Error { let status: Int }

    mutating func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, form: nil)
    }

    /// Posts the fields with the last page's CSRF token.
    mutating func post(_ path: String, _ fields: [(String, String)] = []) async throws -> Page {
        try await send(path, method: .post, form: fields + [("_csrf", csrf ?? "")])
    }

    private mutating func send(_ path: String, method: HTTPRequest.Method, form: [(String, String)]?) async throws -> Page {
        var headers: HTTPFields = [.acceptLanguage: "en"]
        headers[.cookie] = BrowserCookies.header(cookies)
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let body = form.map(BrowserCookies.formBody)
        let (page, setCookies) = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            (Page(status: $0.status, location: $0.headers[.location], body: String(buffer: $0.body)), $0.headers[values: .setCookie])
        }
        for line in setCookies { BrowserCookies.apply(line, to: &cookies) }
        if let token = page.first(#"name="_csrf" value="([^"]*)""#) { csrf = token }
        return page
    }
}
