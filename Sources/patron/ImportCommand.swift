import ArgumentParser
import Foundation
import PatronCore
import PatronStorage
import Synchronization

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bulk-import data from files.",
        subcommands: [Customers.self, Orders.self, Products.self]
    )

    struct Products: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "products",
            abstract: "Create or update catalogue products from CSV: sku, name_zh, name_en, category_code, brand, list_price (minor units), currency, active.",
            discussion: "A row whose SKU exists updates that product. Rejected rows go to the report; exits 1 when any row was rejected."
        )

        @OptionGroup var common: CommonOptions

        @Argument(help: "The CSV file.")
        var file: String

        @Option(help: "Where to write rejected rows (default: FILE.rejected.csv).")
        var report: String?

        func run() async throws {
            let file = file
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError(message: "\(file) does not exist") }
            let csv = try CSVReader(contentsOf: file)
            let (created, updated, rejections) = try await common.withServices { workspace in
                try await ProductImport.run(csv, into: workspace.services.catalogue, by: .system("patron import products"))
            }
            print("products: \(created) created, \(updated) updated, \(rejections.count) rows rejected")
            try Customers.writeReport(rejections, to: report ?? file + ".rejected.csv")
        }
    }

    struct Orders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "orders",
            abstract: "Import POS order history from a JSON Lines file (one order per line).",
            discussion: """
                Each line: {"storeCode","posNumber","channel","occurredAt","lines":[{"sku","quantity","unitPrice","discount"}],
                "orderDiscount","payments":[{"method","amount"}]} and optionally customerId or customerMobile, currency.
                Orders are checked like POST /orders and written whole, in batches. Orders already present (same store, POS
                number and content) are skipped, so an interrupted import is resumed by running it again.
                Rejected lines go to the report with line, field and reason; exits 1 when any line was rejected.
                """
        )

        @OptionGroup var common: CommonOptions

        @Argument(help: "The .jsonl file.")
        var file: String

        @Option(help: "Where to write rejected lines (default: FILE.rejected.csv).")
        var report: String?

        @Option(help: "Orders per transaction.")
        var batchSize: Int = 500

        func validate() throws {
            guard (1...5_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 5000") }
        }

        func run() async throws {
            let (file, batchSize) = (file, batchSize)
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError(message: "\(file) does not exist") }
            let total = try Self.countLines(file)
            let result = try await common.withServices { workspace in
                let bar = Mutex(ProgressBar(total: total, label: "orders"))
                let report = try await OrderImport(database: workspace.database, cipher: workspace.cipher, batchSize: batchSize).run(file) { progress in
                    bar.withLock { $0.update(done: progress.rowsRead, note: "\(progress.skipped) already there, \(progress.rejected) rejected") }
                }
                bar.withLock { $0.finish() }
                return report
            }
            print(String(format: "imported %d orders in %.1fs (%.0f/s); %d already present; %d lines rejected", result.imported, result.seconds,
                         Double(result.imported) / max(result.seconds, 0.001), result.skipped, result.rejections.count))
            try Customers.writeReport(result.rejections, to: report ?? file + ".rejected.csv")
        }

        static func countLines(_ path: String) throws -> Int {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIError(message: "cannot read \(path)") }
            defer { try? handle.close() }
            var count = 0
            while true {
                let chunk = handle.readData(ofLength: 1 << 20)
                if chunk.isEmpty { return count }
                count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
        }
    }

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
            let (file, batchSize) = (file, batchSize)
            let reportPath = report ?? file + ".rejected.csv"
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError(message: "\(file) does not exist") }
            let csv = try CSVReader(contentsOf: file)
            let total = csv.reduce(0) { count, _ in count + 1 } - 1
            let result = try await common.withServices { workspace in
                let bar = Mutex(ProgressBar(total: total, label: "customers"))
                let report = try await CustomerImport(database: workspace.database, cipher: workspace.cipher, batchSize: batchSize)
                    .run(csv, source: URL(fileURLWithPath: file).lastPathComponent, actor: .init(kind: .system, id: nil, name: "patron import")) { progress in
                        bar.withLock { $0.update(done: progress.rowsRead, note: "\(progress.rejected) rejected") }
                    }
                bar.withLock { $0.finish() }
                return report
            }
            print(String(format: "imported %d customers in %.1fs (%.0f/s); %d rows rejected", result.imported, result.seconds,
                         Double(result.imported) / max(result.seconds, 0.001), result.rejections.count))
            try Self.writeReport(result.rejections, to: reportPath)
        }

        /// Writes rejected rows as CSV and exits 1 when there are any.
        static func writeReport(_ rejections: [CustomerImport.Rejection], to path: String) throws {
            guard !rejections.isEmpty else { return }
            var lines = ["line,field,reason"]
            for rejection in rejections {
                lines.append("\(rejection.line),\(escape(rejection.field ?? "")),\(escape(rejection.reason))")
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            print("rejected rows written to \(path)")
            throw ExitCode(1)
        }

        static func escape(_ value: String) -> String {
            value.contains(where: { ",\"\n".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
    }
}
