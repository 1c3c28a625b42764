import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A browser stand-in for console tests: a cookie jar, page fetches, and form posts that carry the `_csrf`
/// token of the page the form is on, as a browser submitting that form would.
final class ConsoleSession {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: HTTPResponse.Status
        var html: String
        /// The `Location` of a redirect.
        var location: String?

        /// The hidden `_csrf` field of the page's forms.
        var csrf: String? { firstMatch(#"name="_csrf" value="([^"]+)""#) }

        func has(id: String) -> Bool { html.contains(#"id="\#(id)""#) }

        /// The `value` attribute of the element with this id.
        func value(of id: String) -> String? {
            firstMatch(#"id="\#(NSRegularExpression.escapedPattern(for: id))"[^>]*?value="([^"]*)""#)
                ?? firstMatch(#"value="([^"]*)"[^>]*?id="\#(NSRegularExpression.escapedPattern(for: id))""#)
        }

        /// The text inside the element with this id, tags removed.
        func text(of id: String) -> String? {
            firstMatch(#"id="\#(NSRegularExpression.escapedPattern(for: id))"[^>]*>(.*?)</"#)
        }

        /// Every `href` starting with `prefix`, in page order.
        func links(startingWith prefix: String) -> [String] {
            matches(#"href="(\#(NSRegularExpression.escapedPattern(for: prefix))[^"]*)""#)
        }

        func firstMatch(_ pattern: String) -> String? { matches(pattern).first }

        /// The first capture group of each match, or the whole match when the pattern has no group.
        func matches(_ pattern: String) -> [String] {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
            return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
                Range(match.range(at: match.numberOfRanges > 1 ? 1 : 0), in: html).map { String(html[$0]) }
            }
        }
    }

    struct SignInFailed: Error { let status: HTTPResponse.Status }
    struct NoFormToken: Error { let path: String }

    /// Signs in through the sign-in page and answers the session holding the session cookie.
    static func signIn(_ client: any TestClientProtocol, username: String = "admin",
                       password: String = TestApp.adminPassword) async throws -> ConsoleSession {
        let session = ConsoleSession(client: client)
        let form = try await session.get("/console/sign-in")
        guard let csrf = form.csrf else { throw NoFormToken(path: "/console/sign-in") }
        let answer = try await session.post("/console/sign-in", fields: [("username", username), ("password", password),
                                                                           ("_csrf", csrf), ("next", "/console")])
        guard answer.status == .seeOther, session.cookies["patron_session"] != nil else { throw SignInFailed(status: answer.status) }
        return session
    }

    func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil)
    }

    /// Posts the fields exactly as given (no token added): for testing what a forged form gets.
    func post(_ path: String, fields: [(String, String)]) async throws -> Page {
        try await send(path, method: .post, body: BrowserCookies.formBody(fields))
    }

    /// Opens the form's page and posts the fields with that page's CSRF token.
    func submit(_ path: String, formPage: String? = nil, fields: [(String, String)]) async throws -> Page {
        let page = try await get(formPage ?? path)
        guard let csrf = page.csrf else { throw NoFormToken(path: formPage ?? path) }
        return try await post(path, fields: [("_csrf", csrf)] + fields)
    }

    private func send(_ path: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
        var headers: HTTPFields = [:]
        headers[.cookie] = BrowserCookies.header(cookies)
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let (page, setCookies) = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            (Page(status: $0.status, html: String(buffer: $0.body), location: $0.headers[.location]), $0.headers[values: .setCookie])
        }
        for header in setCookies { BrowserCookies.apply(header, to: &cookies) }
        return page
    }

}
