import ArgumentParser
import Foundation
import PatronCore
import PatronStorage
import Synchronization

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bulk-import data from files.",
        subcommands: [Customers.self]
    )

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "customers",
            abstract: "Import customer profiles from a CSV file (UTF-8, header row).",
            discussion: """
                Columns: \(CustomerImport.columns.joined(separator: ", ")) and attr.<attribute> for configured attributes.
                tags are separated by ';'. Each row is validated like the API; rejected rows are written to the report
                with line, field and reason, and no row is ever stored in part. Exits 1 when any row was rejected.
                """
        )

        @OptionGroup var common: CommonOptions

        @Argument(help: "The CSV file.")
        var file: String

        @Option(help: "Where to write rejected rows (default: FILE.rejected.csv).")
        var report: String?

        @Option(help: "Rows per transaction.")
        var batchSize: Int = 1_000

        func validate() throws {
            guard (1...10_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 10000") }
        }

        func run() async throws {
            let logger = try common.logger()
            let url = try common.database()
            let key = try common.masterKey(for: url)
            let (file, batchSize) = (file, batchSize)
            let reportPath = report ?? file + ".rejected.csv"
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError(message: "\(file) does not exist") }
            let csv = try CSVReader(contentsOf: file)
            let total = csv.reduce(0) { count, _ in count + 1 } - 1
            let result = try await reportingErrors {
                try await Database.withOpen(url, logger: logger) { database in
                    try await Migrator(database, logger: logger).apply()
                    let cipher = try await FieldCipher.load(key, database: database)
                    let bar = Mutex(ProgressBar(total: total, label: "customers"))
                    let report = try await CustomerImport(database: database, cipher: cipher, batchSize: batchSize)
                        .run(csv, source: URL(fileURLWithPath: file).lastPathComponent, actor: .init(kind: .system, id: nil, name: "patron import")) { progress in
                            bar.withLock { $0.update(done: progress.rowsRead, note: "\(progress.rejected) rejected") }
                        }
                    bar.withLock { $0.finish() }
                    return report
                }
            }
            print(String(format: "imported %d customers in %.1fs (%.0f/s); %d rows rejected", result.imported, result.seconds,
                         Double(result.imported) / max(result.seconds, 0.001), result.rejections.count))
            if !result.rejections.isEmpty {
                var lines = ["line,field,reason"]
                for rejection in result.rejections {
                    lines.append("\(rejection.line),\(Self.escape(rejection.field ?? "")),\(Self.escape(rejection.reason))")
                }
                try (lines.joined(separator: "\n") + "\n").write(toFile: reportPath, atomically: true, encoding: .utf8)
                print("rejected rows written to \(reportPath)")
                throw ExitCode(1)
            }
        }

        static func escape(_ value: String) -> String {
            value.contains(where: { ",\"\n".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
    }
}
