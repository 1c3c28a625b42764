import ArgumentParser
import PatronStorage

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the SQLite database to FILE while the server keeps running.",
        discussion: "For PostgreSQL use pg_dump; see the README."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The backup file to create; it must not exist.")
    var file: String

    func run() async throws {
        let url = try common.database()
        let file = file
        guard url.engine == .sqlite else {
            throw CLIError(message: """
                patron backup copies the embedded SQLite database; this one is PostgreSQL (\(url)). Back it up with \
                PostgreSQL's own tools, together with the master key: pg_dump --format=custom --file=patron.dump "$PATRON_DATABASE_URL"
                """)
        }
        try await common.withDatabase(.compatible) { database, _ in try await SQLiteBackup.backup(database, to: file) }
        try await reportingErrors {
            let version = try await SQLiteBackup.verify(file)
            print("backup written to \(file) (schema version \(version), integrity ok)")
        }
    }
}
