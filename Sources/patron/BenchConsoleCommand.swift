import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import PatronAPI
import PatronCore
import PatronStorage
import Synchronization

/// How fast the console's pages are on the demo chain: a server with the demo in a temporary SQLite file,
/// each page requested N times as the administrator and as a store manager, and the time the server spent
/// on each (its `Server-Timing` header, so the network and this client do not count) summarised as median
/// and p99. Issue 18 asks for a median under 20 ms on the customer page.
struct BenchConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Median and p99 server time of each console page on the demo data, as administrator and as store manager.",
        discussion: "Loads the demo into a temporary SQLite file and serves it on 127.0.0.1:--port while it runs."
    )

    @Option(help: "Requests per page and member (1–10,000).")
    var requests: Int = 200

    @Option(help: "Demo customers to generate (the demo's own size is 3,000).")
    var customers: Int = 3_000

    @Option(help: "Port for the in-process server.")
    var port: Int = 18_766

    static let password = "bench-console-password"

    func validate() throws {
        guard (1...10_000).contains(requests) else { throw ValidationError("--requests is between 1 and 10,000") }
        guard (10...100_000).contains(customers) else { throw ValidationError("--customers is between 10 and 100,000") }
    }

    func run() async throws {
        var logger = Logger(label: "bench")
        // Stopping the in-process server by cancellation logs errors that mean nothing here; a failed page
        // shows as its status in the table.
        logger.logLevel = .critical
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("patron-bench-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let url = DatabaseURL.sqlite(path: work.appendingPathComponent("bench.sqlite").path)
        var configuration = PatronConfiguration(port: port, database: url, masterKey: .random(), passwordHashCost: 4,
                                                demo: .init(options: .init(customerCount: customers), adminPassword: Self.password))
        configuration.addressThrottle = nil
        let app = try await buildApplication(configuration, logger: logger)
        let stopped = StopReason()
        let server = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
                stopped.reason.withLock { $0 = "it stopped" }
            } catch {
                stopped.reason.withLock { $0 = "\(error)" }
            }
        }
        defer { server.cancel() }

        let client = BenchClient(base: "http://127.0.0.1:\(port)")
        let loading = ContinuousClock.now
        print("loading the demo (\(customers) customers) into \(url) …")
        try await client.waitUntilReady { stopped.reason.withLock { $0 } }
        print(String(format: "ready after %.1f s", seconds(ContinuousClock.now - loading)))

        let admin = try await client.login("admin")
        let subject = try await BenchSubject.find(client, token: admin)
        let members = [("admin", admin), ("sh001.manager", try await client.login("sh001.manager"))]
        let pages = subject.pages
        var rows: [BenchRow] = []
        for (username, token) in members {
            for (name, path) in pages {
                rows.append(try await measure(client, page: name, path: path, member: username, token: token))
            }
        }
        BenchRow.printTable(rows, requests: requests)
    }

    /// A few unmeasured requests first, so caches and connections are warm as in a working day.
    func measure(_ client: BenchClient, page: String, path: String, member: String, token: String) async throws -> BenchRow {
        var status = 0
        for _ in 0..<min(5, requests) { status = try await client.page(path, token: token).status }
        guard status == 200 else { return BenchRow(page: page, member: member, status: status, server: [], client: []) }
        var server: [Double] = []
        var wall: [Double] = []
        for _ in 0..<requests {
            let start = ContinuousClock.now
            let answer = try await client.page(path, token: token)
            wall.append(seconds(ContinuousClock.now - start) * 1_000)
            guard answer.status == 200, let milliseconds = answer.serverMilliseconds else {
                throw CLIError(message: "\(path) as \(member) answered \(answer.status) without a Server-Timing")
            }
            server.append(milliseconds)
        }
        return BenchRow(page: page, member: member, status: status, server: server, client: wall)
    }

    /// Why the in-process server stopped, if it did, so waiting for it ends at once.
    final class StopReason: Sendable {
        let reason = Mutex<String?>(nil)
    }
}
