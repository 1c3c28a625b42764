import ArgumentParser
import PatronStorage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (safe to repeat), or show the schema version with --status."
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Only report the schema version; change nothing.")
    var status = false

    func run() async throws {
        let status = status
        try await common.withDatabase(.asFound) { database, logger in
            let migrator = Migrator(database, logger: logger)
            if status {
                let current = try await migrator.currentVersion()
                print("schema version \(current) of \(Migrator.latestVersion) known to this binary")
                try await migrator.checkCompatible()
            } else {
                let report = try await migrator.apply()
                print(report.applied.isEmpty
                      ? "schema is up to date at version \(report.current)"
                      : "applied migrations \(report.applied.map(String.init).joined(separator: ", ")); schema is at version \(report.current)")
            }
        }
    }
}
