import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PatronAPI
import PatronCore
import PatronStorage
import PatronTestSupport

/// Runs a test against the real application in-process, on a fresh database of the engine under test,
/// with a small demo data set and the administrator `admin` / `TestApp.adminPassword`.
enum TestApp {
    static let adminPassword = "correct-horse-battery"
    static let maxBodyBytes = 4_096

    /// `live` serves on a free local port instead of calling the router in-process; `configure` adjusts the
    /// configuration (limits, timeouts, bcrypt cost) for one test.
    static func run(throttle: LoginThrottle = .init(), logger: Logger = TestDatabase.logger, live: Bool = false,
                    configure: @Sendable (inout PatronConfiguration) -> Void = { _ in },
                    _ test: @escaping @Sendable (any TestClientProtocol, DatabaseURL) async throws -> Void) async throws {
        let url = try await TestDatabase.makeURL()
        var configuration = PatronConfiguration(
            port: 0, database: url, masterKey: .random(), maxBodyBytes: maxBodyBytes, passwordHashCost: 4, loginThrottle: throttle,
            demo: .init(options: .init(seed: 5, customerCount: 20, serviceData: false), adminPassword: adminPassword))
        configure(&configuration)
        let app = try await buildApplication(configuration, logger: logger)
        try await app.test(live ? .live : .router) { client in try await test(client, url) }
    }

    static func login(_ client: any TestClientProtocol, username: String = "admin", password: String = adminPassword) async throws -> String {
        try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                                 body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)) { response in
            let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            guard let token = json?["token"] as? String else { throw LoginFailed(status: response.status.code) }
            return token
        }
    }

    struct LoginFailed: Error { let status: Int }

    /// Sends a JSON body with a bearer token and hands back the parsed response.
    @discardableResult
    static func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?,
                     json: String? = nil) async throws -> (status: HTTPResponse.Status, json: [String: Any], error: [String: String]) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) {
            ($0.status, $0.json, $0.errorBody)
        }
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    /// The `error` object of the uniform error body, or empty when the body has another shape.
    var errorBody: [String: String] {
        (json["error"] as? [String: String]) ?? [:]
    }
}

extension HTTPFields {
    static func bearer(_ token: String, json: Bool = false) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)"]
        if json { fields[.contentType] = "application/json" }
        return fields
    }
}
