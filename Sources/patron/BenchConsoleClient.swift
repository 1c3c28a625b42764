import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PatronCore

/// The HTTP side of `patron bench console`: JSON sign-in for a session token (the same staff session the
/// console's sign-in form creates), then console pages with that session as the cookie.
struct BenchClient: Sendable {
    let base: String
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration)
    }()

    struct Answer {
        let status: Int
        let serverMilliseconds: Double?
        let body: Data
    }

    /// Waits while the server migrates and loads the demo; fails as soon as the server has stopped.
    func waitUntilReady(stopped: () -> String?) async throws {
        let deadline = ContinuousClock.now + .seconds(1_800)
        while ContinuousClock.now < deadline {
            if let (_, response) = try? await session.data(from: URL(string: base + "/ready")!),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            if let reason = stopped() { throw CLIError(message: "the bench server stopped: \(reason)") }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw CLIError(message: "the bench server did not become ready")
    }

    func login(_ username: String) async throws -> String {
        var request = URLRequest(url: URL(string: base + "/auth/login")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["username": username, "password": BenchConsoleCommand.password])
        let (data, _) = try await session.data(for: request)
        guard let token = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["token"] as? String else {
            throw CLIError(message: "the bench server refused the sign-in of \(username)")
        }
        return token
    }

    /// A JSON API call as the administrator, for finding the records the pages show.
    func json(_ method: String, _ path: String, token: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, _) = try await session.data(for: request)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func page(_ path: String, token: String) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.setValue("patron_session=\(token)", forHTTPHeaderField: "Cookie")
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        let timing = http?.value(forHTTPHeaderField: "Server-Timing")
        return Answer(status: http?.statusCode ?? 0, serverMilliseconds: timing.flatMap(Self.duration), body: data)
    }

    /// `app;dur=12.345` → 12.345.
    static func duration(_ header: String) -> Double? {
        header.split(separator: ";").first { $0.hasPrefix("dur=") }.flatMap { Double($0.dropFirst(4)) }
    }
}

/// The demo records the benchmark's pages show: a Shanghai flagship customer with orders (so the store
/// manager sees them too), one of those orders, and the search a sales associate types for that customer.
struct BenchSubject {
    let customer: String
    let order: String
    let search: String

    static func find(_ client: BenchClient, token: String) async throws -> BenchSubject {
        let stores = try await client.json("GET", "/stores?limit=200", token: token)["items"] as? [[String: Any]] ?? []
        guard let store = stores.first(where: { $0["code"] as? String == "SH-001" })?["id"] as? String else {
            throw CLIError(message: "the demo has no store SH-001")
        }
        let orders = try await client.json("GET", "/orders?storeId=\(store)&limit=200", token: token)["items"] as? [[String: Any]] ?? []
        guard let order = orders.first(where: { $0["customerId"] is String }), let customer = order["customerId"] as? String,
              let orderId = order["id"] as? String else {
            throw CLIError(message: "no SH-001 order with a customer in the demo")
        }
        let clear = try await client.json("POST", "/customers/\(customer)/reveal", token: token,
                                          body: ["purpose": "patron bench console: the search a sales associate types"])
        guard let mobile = clear["mobile"] as? String, let name = clear["name"] as? String, let initial = name.first else {
            throw CLIError(message: "could not reveal the bench customer")
        }
        let last4 = String(mobile.filter(\.isNumber).suffix(4))
        let query = "phone=\(last4)&name=" + (String(initial).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return BenchSubject(customer: customer, order: orderId, search: query)
    }

    /// Every page measured, in the order of the table; pages this build does not have show their status.
    var pages: [(String, String)] {
        [("home", "/console"),
         ("customer search", "/console/customers?\(search)"),
         ("customer page", "/console/customers/\(customer)"),
         ("orders", "/console/orders"),
         ("order page", "/console/orders/\(order)"),
         ("catalogue", "/console/catalogue"),
         ("stores", "/console/stores"),
         ("staff", "/console/staff"),
         ("membership", "/console/membership"),
         ("audit", "/console/audit")]
    }
}

/// One line of the result: a page as one member, with the server's and the client's times in ms.
struct BenchRow {
    let page: String
    let member: String
    let status: Int
    let server: [Double]
    let client: [Double]

    static func percentile(_ values: [Double], _ p: Int) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, sorted.count * p / 100)]
    }

    static func printTable(_ rows: [BenchRow], requests: Int) {
        print("\nconsole pages, \(requests) requests each; server time from Server-Timing (ms), client time end to end (ms)")
        let header = ["page", "member", "status", "server median", "server p99", "client median"]
        let lines = rows.map { row -> [String] in
            guard !row.server.isEmpty else { return [row.page, row.member, String(row.status), "-", "-", "-"] }
            return [row.page, row.member, String(row.status), String(format: "%.2f", percentile(row.server, 50)),
                    String(format: "%.2f", percentile(row.server, 99)), String(format: "%.2f", percentile(row.client, 50))]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index < 2 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        print(line(header))
        print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines.forEach { print(line($0)) }
        let target = rows.filter { $0.page == "customer page" && !$0.server.isEmpty }
        for row in target {
            let median = percentile(row.server, 50)
            print("customer page as \(row.member): median \(String(format: "%.2f", median)) ms, \(median < 20 ? "within" : "OVER") the 20 ms target")
        }
    }
}
