import ArgumentParser
import Foundation
import Logging
import PatronCore
import PatronStorage
import Synchronization

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Patron's speed on generated data.",
        subcommands: [Customers.self, BenchIngestCommand.self, BenchConsoleCommand.self, BenchCustomer360Command.self, BenchTradeCommand.self]
    )

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "customers",
            abstract: "Import N generated customers from CSV through `patron import`'s path, then time lookups by mobile.",
            discussion: "Uses a fresh temporary SQLite file unless --database (or PATRON_DATABASE_URL) names an empty database."
        )

        @OptionGroup var common: CommonOptions

        @Option(help: "How many customers to import.")
        var count: Int = 100_000

        @Option(help: "How many lookups by mobile to time.")
        var lookups: Int = 2_000

        func run() async throws {
            let logger = try common.logger()
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("patron-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let temporary = (common.databaseURL ?? CommonOptions.environment["PATRON_DATABASE_URL"]) == nil
            let url: DatabaseURL = temporary ? .sqlite(path: work.appendingPathComponent("bench.sqlite").path) : try common.database()
            let master = temporary ? MasterKey.random() : try await common.masterKey(for: url)
            let (count, lookups) = (count, lookups)

            let people = DemoPeople.generate(count: count, seed: 2026)
            var csv = "name,mobile,gender,birthday,source_channel,tags\n"
            for person in people {
                csv += "\(person.name),\(person.mobile),\(person.gender.rawValue),\(person.birthday?.description ?? ""),store,bench\n"
            }
            let file = work.appendingPathComponent("customers.csv").path
            try csv.write(toFile: file, atomically: true, encoding: .utf8)
            print("generated \(count) customers into \(file) (\(csv.utf8.count / 1_048_576) MiB); database \(url)")

            try await reportingErrors {
                try await CommonOptions.open(url, logger: logger) { database, _ in
                    let loaded = try await FieldCipher.load(master, database: database)
                    let bar = Mutex(ProgressBar(total: count, label: "import"))
                    let report = try await CustomerImport(database: database, cipher: loaded)
                        .run(try CSVReader(contentsOf: file), source: "bench", actor: .init(kind: .system, id: nil, name: "bench")) { progress in
                            bar.withLock { $0.update(done: progress.rowsRead) }
                        }
                    bar.withLock { $0.finish() }
                    print(String(format: "import: %d customers in %.2fs = %.0f customers/s (%d rejected)", report.imported, report.seconds,
                                 Double(report.imported) / report.seconds, report.rejections.count))

                    let repository = SQLCustomerRepository(database, cipher: loaded)
                    var generator = SeededGenerator(seed: 7)
                    var latencies: [Double] = []
                    var misses = 0
                    for _ in 0..<lookups {
                        let person = people.randomElement(using: &generator)!
                        let mobile = try MobileNumber(person.mobile)
                        let start = ContinuousClock.now
                        let found = try await repository.find(.mobile(mobile))
                        latencies.append(seconds(ContinuousClock.now - start) * 1_000)
                        if found?.name != person.name { misses += 1 }
                    }
                    latencies.sort()
                    print(String(format: "lookup by mobile: %d lookups, median %.3f ms, p95 %.3f ms, p99 %.3f ms, %d wrong",
                                 lookups, latencies[latencies.count / 2], latencies[latencies.count * 95 / 100],
                                 latencies[latencies.count * 99 / 100], misses))
                }
            }
        }
    }
}
