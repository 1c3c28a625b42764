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
import SQLKit
import Synchronization

struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Orders per second on the same generated orders: through the batch API, through the importer, and as plain multi-row inserts.",
        discussion: "Each path gets a fresh database with the demo catalogue: temporary SQLite files, or with --postgres fresh databases created on that server."
    )

    @Option(help: "How many orders.")
    var count: Int = 1_000_000

    @Option(help: "Members to load; seven orders in ten belong to one of them and earn points (0: walk-ins only).")
    var members: Int = 20_000

    @Option(help: "Only write the orders file here and stop.")
    var write: String?

    @Option(help: "A postgres:// URL of a server where fresh databases may be created.")
    var postgres: String?

    @Option(help: "Port for the in-process server of the API path.")
    var port: Int = 18_765

    @Option(help: "Which paths to run: api, importer, insert (comma-separated).")
    var paths: String = "api,importer,insert"

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        if let write {
            let summary = try OrderFileGenerator.write(count: count, to: write)
            print("wrote \(summary.count) orders totalling \(summary.totalMinor) to \(write)")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("patron-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("orders.jsonl").path
        let memberProfiles = DemoDataSet.generate(.init(seed: 1, customerCount: members)).customers
        let summary = try OrderFileGenerator.write(count: count, to: file, members: memberProfiles.map(\.id))
        print("generated \(summary.count) orders (\(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0) bytes)")
        let selected = Set(paths.split(separator: ",").map(String.init))
        var rates: [String: Double] = [:]

        if selected.contains("insert") {
            let url = try await freshDatabase(name: "insert", work: work, members: memberProfiles, logger: logger)
            rates["insert"] = try await Database.withOpen(url, logger: logger) { database in
                let orders = try await Self.readOrders(file, database: database)
                let start = ContinuousClock.now
                for chunk in stride(from: 0, to: orders.count, by: 1_000) {
                    let slice = Array(orders[chunk..<min(chunk + 1_000, orders.count)])
                    try await database.transaction { sql in try await SQLOrderRepository.insertPlain(slice, on: sql) }
                }
                return Double(orders.count) / seconds(ContinuousClock.now - start)
            }
            print(String(format: "plain multi-row inserts: %.0f orders/s", rates["insert"]!))
        }
        if selected.contains("importer") {
            let url = try await freshDatabase(name: "importer", work: work, members: memberProfiles, logger: logger)
            rates["importer"] = try await Database.withOpen(url, logger: logger) { database in
                let report = try await OrderImport(database: database, cipher: try await FieldCipher.load(Self.masterKey, database: database)).run(file)
                guard report.imported == summary.count else { throw CLIError(message: "importer stored \(report.imported) of \(summary.count)") }
                return Double(report.imported) / report.seconds
            }
            print(String(format: "importer: %.0f orders/s", rates["importer"]!))
        }
        if selected.contains("api") {
            let url = try await freshDatabase(name: "api", work: work, members: memberProfiles, logger: logger)
            rates["api"] = try await apiRate(file: file, url: url, expected: summary.count, logger: logger)
            print(String(format: "batch API (1,000 orders per request): %.0f orders/s", rates["api"]!))
        }
        if let insert = rates["insert"] {
            for key in ["importer", "api"] where rates[key] != nil {
                print(String(format: "%@ / plain inserts = %.2f", key, rates[key]! / insert))
            }
        }
    }

    /// One throwaway master key for every database of the run, so the members' data keys open everywhere.
    static let masterKey = MasterKey.random()

    /// A database holding the demo chain's stores and catalogue, and the members.
    func freshDatabase(name: String, work: URL, members: [Customer], logger: Logger) async throws -> DatabaseURL {
        let url: DatabaseURL
        if let postgres {
            let database = "patron_bench_\(name)_\(UInt32.random(in: 0...UInt32.max))"
            try await Database.withOpen(.postgres(url: postgres), logger: logger) { server in
                try await server.read { sql in try await sql.raw("CREATE DATABASE \(ident: database)").run() }
            }
            var components = URLComponents(string: postgres)!
            components.path = "/" + database
            url = .postgres(url: components.string!)
        } else {
            url = .sqlite(path: work.appendingPathComponent("\(name).sqlite").path)
        }
        try await CommonOptions.open(url, logger: logger) { database, _ in
            let demo = DemoDataSet.generate(.init(seed: 1, customerCount: 0))
            try await SQLOrderRepository.loadCatalogue(stores: demo.stores, categories: demo.categories, products: demo.products, into: database)
            let cipher = try await FieldCipher.load(Self.masterKey, database: database)
            for chunk in stride(from: 0, to: members.count, by: 2_000) {
                try await SQLCustomerRepository(database, cipher: cipher).insertFixtures(Array(members[chunk..<min(chunk + 2_000, members.count)]))
            }
        }
        return url
    }

    static func readOrders(_ file: String, database: Database) async throws -> [Order] {
        let codes = try await SQLStoreRepository(database).list(PageRequest(limit: 200)).items
        let byCode = Dictionary(uniqueKeysWithValues: codes.map { ($0.code, $0.id) })
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var orders: [Order] = []
        for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
            let record = try decoder.decode(OrderImport.Record.self, from: Data(line.utf8))
            orders.append(Order(storeId: byCode[record.storeCode!]!, posNumber: record.posNumber, channel: .store, customerId: record.customerId,
                                occurredAt: record.occurredAt,
                                lines: record.lines.map { OrderLine(sku: $0.sku, productId: nil, quantity: $0.quantity, unitPriceMinor: $0.unitPrice) },
                                payments: record.payments.map { Payment(method: $0.method, amountMinor: $0.amount) }))
        }
        return orders
    }

    func apiRate(file: String, url: DatabaseURL, expected: Int, logger: Logger) async throws -> Double {
        let password = "bench-password-1"
        let stores = try await Database.withOpen(url, logger: logger) { database in
            try await SQLStoreRepository(database).list(PageRequest(limit: 200)).items
        }
        try await Database.withOpen(url, logger: logger) { database in
            try await SQLStaffRepository(database).create(
                StaffMember(username: "bench", displayName: "Bench", department: .administration, roles: [Role.administrator]),
                passwordHash: try await BcryptPasswordHasher(cost: 4).hash(password), audit: AuditEvent(actor: .init(kind: .system, id: nil, name: "bench"), action: "bench"))
        }
        var bodies: [Data] = []
        var batch: [String] = []
        for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
            var text = String(line)
            for store in stores { text = text.replacingOccurrences(of: #""storeCode":"\#(store.code)""#, with: #""storeId":"\#(store.id.uuidString.lowercased())""#) }
            batch.append(text)
            if batch.count == 1_000 { bodies.append(Data(("{\"orders\":[" + batch.joined(separator: ",") + "]}").utf8)); batch = [] }
        }
        if !batch.isEmpty { bodies.append(Data(("{\"orders\":[" + batch.joined(separator: ",") + "]}").utf8)) }

        let configuration = PatronConfiguration(port: port, database: url, masterKey: Self.masterKey, maxBodyBytes: 8 << 20)
        let app = try await buildApplication(configuration, logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: base + "/ready")!),
               (response as? HTTPURLResponse)?.statusCode == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        var login = URLRequest(url: URL(string: base + "/auth/login")!)
        login.httpMethod = "POST"
        login.setValue("application/json", forHTTPHeaderField: "Content-Type")
        login.httpBody = Data(#"{"username":"bench","password":"\#(password)"}"#.utf8)
        let (tokenData, _) = try await URLSession.shared.data(for: login)
        guard let token = (try JSONSerialization.jsonObject(with: tokenData) as? [String: Any])?["token"] as? String else {
            throw CLIError(message: "the bench server refused the login")
        }
        var created = 0
        let start = ContinuousClock.now
        for body in bodies {
            var request = URLRequest(url: URL(string: base + "/orders/batch")!)
            request.httpMethod = "POST"
            request.timeoutInterval = 600
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.httpBody = body
            let (data, response) = try await URLSession.shared.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                throw CLIError(message: "batch failed: \(String(decoding: data.prefix(300), as: UTF8.self))")
            }
            created += (try JSONSerialization.jsonObject(with: data) as? [String: Any]).flatMap { $0["results"] as? [[String: Any]] }?
                .filter { $0["outcome"] as? String == "created" }.count ?? 0
        }
        let rate = Double(created) / seconds(ContinuousClock.now - start)
        guard created == expected else { throw CLIError(message: "the API created \(created) of \(expected) orders") }
        return rate
    }
}
