import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A minimal browser for console tests: keeps cookies between requests, signs in through the real sign-in
/// form (its CSRF cookie and hidden field), and posts forms with the page's CSRF token, so a test walks the
/// console the way a member of staff does.
struct ConsoleBrowser {
    let client: any TestClientProtocol
    /// Cookies by name, as the server last set them.
    var cookies: [String: String] = [:]
    /// Sent with every request, e.g. `X-Forwarded-Proto` or `Accept-Language`.
    var headers: HTTPFields = [:]
    /// The `_csrf` value of the last page that had one; signed-in forms send it back.
    var csrf: String?

    init(_ client: any TestClientProtocol, headers: HTTPFields = [:]) {
        self.client = client
        self.headers = headers
    }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String

        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }

        /// The `Set-Cookie` line for `name`, attributes included.
        func setCookie(_ name: String) -> String? { setCookies.first { $0.hasPrefix("\(name)=") } }

        func has(id: String) -> Bool { body.contains(#"id="\#(id)""#) }

        /// The text of the element with `data-field="field"` on the customer page.
        func field(_ field: String) -> String? {
            ConsoleBrowser.first(#"data-field="\#(field)">([^<]*)<"#, in: body)
        }

        /// The value of the first hidden input named `name`.
        func hidden(_ name: String) -> String? {
            ConsoleBrowser.first(#"name="\#(name)" value="([^"]*)""#, in: body)
        }
    }

    mutating func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil)
    }

    /// Posts `fields` as a form; the page's CSRF token is added unless `withCSRF` is false.
    mutating func post(_ path: String, _ fields: [(String, String)] = [], withCSRF: Bool = true) async throws -> Page {
        var all = fields
        if withCSRF, let csrf { all.append(("_csrf", csrf)) }
        return try await send(path, method: .post, body: BrowserCookies.formBody(all))
    }

    /// Signs in through the form and follows the redirect to the console's home; returns the sign-in answer.
    @discardableResult
    mutating func signIn(_ username: String, password: String) async throws -> Page {
        let form = try await get("/console/sign-in")
        let token = form.hidden("_csrf") ?? ""
        let answer = try await send("/console/sign-in", method: .post,
                                    body: BrowserCookies.formBody([("username", username), ("password", password), ("_csrf", token), ("next", "/console")]))
        if answer.status == .seeOther, let location = answer.location { _ = try await get(location) }
        return answer
    }

    private mutating func send(_ path: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
        var fields = headers
        fields[.cookie] = BrowserCookies.header(cookies)
        if body != nil { fields[.contentType] = "application/x-www-form-urlencoded" }
        let page = try await client.execute(uri: path, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
        for line in page.setCookies { BrowserCookies.apply(line, to: &cookies) }
        if let token = page.hidden("_csrf") { csrf = token }
        return page
    }

    static func first(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
