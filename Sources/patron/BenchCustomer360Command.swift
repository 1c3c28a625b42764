import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PatronAPI
import PatronCore
import PatronStorage
import SQLKit
import Synchronization

/// Issue 19's customer-360 benchmark: the demo chain scaled up (100,000 customers by default) in a SQLite file
/// kept for the next run, one customer given about 500 timeline events, then `GET /customers/{id}/summary` and
/// `GET /customers/{id}/timeline` under a closed loop of 32 connections, beside a bare Hummingbird handler
/// served by a second application in the same process, so the figures say what Patron adds to the framework.
struct BenchCustomer360Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer360",
        abstract: "Requests/s, median and p99 of the customer summary and timeline at 32 connections, beside a bare handler.",
        discussion: """
            Builds the demo into --database (and its master key into --database.key) the first time and reuses both after; \
            the benchmark customer's events are added once. Run a release build for figures worth quoting.
            """
    )

    @Option(help: "SQLite file holding the scaled demo; created when absent, reused when present.")
    var database: String = "patron-bench-c360.sqlite"

    @Option(help: "Demo customers when the file is created (10–100,000).")
    var customers: Int = 100_000

    @Option(help: "Timeline events to give the benchmark customer (100–5,000).")
    var events: Int = 500

    @Option(help: "Concurrent connections (1–256).")
    var connections: Int = 32

    @Option(name: .customLong("seconds"), help: "Seconds of load per endpoint (1–600).")
    var loadSeconds: Int = 10

    func validate() throws {
        guard (10...100_000).contains(customers) else { throw ValidationError("--customers is between 10 and 100,000") }
        guard (100...5_000).contains(events) else { throw ValidationError("--events is between 100 and 5,000") }
        guard (1...256).contains(connections) else { throw ValidationError("--connections is between 1 and 256") }
        guard (1...600).contains(loadSeconds) else { throw ValidationError("--seconds is between 1 and 600") }
    }

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let url = DatabaseURL.sqlite(path: database)
        let master = try MasterKey.load(environment: nil, keyFile: database + ".key")
        let subject = try await reportingErrors { try await prepare(url, master: master, logger: logger) }

        let (apiPort, barePort) = (try BenchLoad.freePort(), try BenchLoad.freePort())
        var configuration = PatronConfiguration(port: apiPort, database: url, masterKey: master, passwordHashCost: 4)
        configuration.addressThrottle = nil
        let api = try await buildApplication(configuration, logger: logger)
        let bare = Self.bareApplication(port: barePort, logger: logger)
        let stopped = BenchConsoleCommand.StopReason()
        let servers = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do { try await api.runService(gracefulShutdownSignals: []) } catch { stopped.reason.withLock { $0 = "\(error)" } }
                }
                group.addTask {
                    do { try await bare.runService(gracefulShutdownSignals: []) } catch { stopped.reason.withLock { $0 = "\(error)" } }
                }
            }
        }
        defer { servers.cancel() }

        let client = BenchClient(base: "http://127.0.0.1:\(apiPort)")
        try await client.waitUntilReady { stopped.reason.withLock { $0 } }
        let token = try await client.login("admin")
        let load = BenchLoad(connections: connections, duration: .seconds(loadSeconds))
        let base = "http://127.0.0.1:\(apiPort)/customers/\(subject.customer.uuidString.lowercased())"
        let results = [
            try await load.run("bare handler", url: "http://127.0.0.1:\(barePort)/bare", token: nil),
            try await load.run("GET summary", url: base + "/summary", token: token),
            try await load.run("GET timeline", url: base + "/timeline", token: token),
        ]
        #if DEBUG
        let build = "debug build — not figures to quote"
        #else
        let build = "release build"
        #endif
        print("\ncustomer 360 on \(subject.customers) customers; customer \(subject.customer.uuidString.lowercased()) with \(subject.events) timeline events")
        print("\(connections) connections, \(loadSeconds) s per endpoint, \(build)")
        Self.printTable(results)
    }

    struct Subject {
        let customer: Customer.ID
        let customers: Int
        let events: Int
    }

    /// Loads the demo into an empty file, then makes sure the newest customer has the benchmark's events.
    func prepare(_ url: DatabaseURL, master: MasterKey, logger: Logger) async throws -> Subject {
        let path = database
        return try await Database.withOpen(url, logger: logger) { database in
            try await Migrator(database, logger: logger).apply()
            let cipher = try await FieldCipher.load(master, database: database)
            let loader = DemoLoader(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4), logger: logger)
            if try await loader.databaseIsEmpty() {
                print("loading the demo with \(customers) customers into \(path) …")
                let start = ContinuousClock.now
                let summary = try await loader.load(.init(customerCount: customers), adminPassword: BenchConsoleCommand.password)
                print(String(format: "loaded %d customers and %d orders in %.1f s", summary.customers, summary.orders,
                             seconds(ContinuousClock.now - start)))
            }
            let services = try await PatronServices(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4),
                                                    signIn: .init(addresses: nil))
            let system = Caller.system("bench customer360")
            guard let customer = try await services.customers.search(CustomerQuery(), page: PageRequest(limit: 1), by: system).items.first else {
                throw CLIError(message: "the database holds no customer")
            }
            let seeded = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM orders WHERE pos_number LIKE 'C360-%'").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            if seeded == 0 {
                print("giving customer \(customer.id.uuidString.lowercased()) about \(events) timeline events …")
                try await seed(customer.id, services: services, database: database, caller: system)
            }
            let count = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM customers").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            var events = 0
            var cursor: TimelineCursor?
            repeat {
                let page = try await services.timeline.timeline(of: customer.id, before: cursor, limit: 100, by: system)
                events += page.entries.count
                cursor = page.nextCursor
            } while cursor != nil
            return Subject(customer: customer.id, customers: count, events: events)
        }
    }

    /// Orders (each also earns points) two events in five, points adjustments one in ten, returns (each also
    /// reverses points) one in twenty; spread over the last two years.
    func seed(_ customer: Customer.ID, services: PatronServices, database: Database, caller: Caller) async throws {
        let (stores, product) = try await database.read { sql in
            let stores = try await sql.raw("SELECT id FROM stores ORDER BY code LIMIT 3").all().map { try $0.decode(column: "id", as: UUID.self) }
            guard let row = try await sql.raw("SELECT id, sku, list_price FROM products ORDER BY sku LIMIT 1").first() else {
                throw CLIError(message: "the demo has no product")
            }
            return (stores, (id: try row.decode(column: "id", as: UUID.self), sku: try row.decode(column: "sku", as: String.self),
                             price: try row.decode(column: "list_price", as: Int64.self)))
        }
        guard !stores.isEmpty else { throw CLIError(message: "the demo has no store") }
        let orderCount = events * 2 / 5
        let spacing = 2 * 365 * 86_400 / Double(orderCount)
        let now = Date()
        let orders = (0..<orderCount).map { index in
            Order(storeId: stores[index % stores.count], posNumber: "C360-\(index + 1)", channel: .store, customerId: customer,
                  occurredAt: now.addingTimeInterval(-Double(index + 1) * spacing),
                  lines: [OrderLine(sku: product.sku, productId: product.id, quantity: 1, unitPriceMinor: product.price)],
                  payments: [Payment(method: .cash, amountMinor: product.price)])
        }
        for chunk in stride(from: 0, to: orders.count, by: 100) {
            _ = try await services.sales.placeBatch(Array(orders[chunk..<min(chunk + 100, orders.count)]), by: caller, requestId: nil)
        }
        for order in orders.prefix(events / 20) {
            _ = try await services.sales.returnGoods(
                OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: 1)],
                            refunds: [Payment(method: .cash, amountMinor: product.price)], reason: "bench return"), by: caller, requestId: nil)
        }
        for index in 0..<(events / 10) {
            _ = try await services.membership.adjust(customer, points: Int64(10 + index), reason: "bench goodwill", by: caller, requestId: nil)
        }
    }

    struct Bare: ResponseEncodable {
        let ok: Bool
    }

    /// The framework alone: one route answering a small JSON, nothing else in front of it.
    static func bareApplication(port: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.get("bare") { _, _ in Bare(ok: true) }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    }

    static func printTable(_ results: [BenchLoad.Result]) {
        guard let bare = results.first else { return }
        let header = ["endpoint", "requests/s", "median ms", "p99 ms", "median ×bare", "p99 ×bare", "failures"]
        let rows = results.map { result in
            [result.name, String(format: "%.0f", result.requestsPerSecond), String(format: "%.2f", result.percentile(50)),
             String(format: "%.2f", result.percentile(99)), String(format: "%.1f", result.percentile(50) / bare.percentile(50)),
             String(format: "%.1f", result.percentile(99) / bare.percentile(99)), String(result.failures)]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        print(line(header))
        print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        rows.forEach { print(line($0)) }
    }
}
