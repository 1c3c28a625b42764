import ArgumentParser
import PatronStorage

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with a verified backup. Stop the server first.",
        discussion: "Refuses to overwrite an existing database unless --force is given. For PostgreSQL use pg_restore."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "A file written by `patron backup`.")
    var file: String

    @Flag(help: "Overwrite the existing database.")
    var force = false

    func run() async throws {
        _ = try common.logger()
        guard case .sqlite(let path) = try common.database() else {
            throw CLIError(message: "patron restore writes the embedded SQLite database; for PostgreSQL use pg_restore (see README)")
        }
        let (file, force) = (file, force)
        let keyFile = common.keyFilePath(for: .sqlite(path: path))
        try await reportingErrors {
            _ = try await SQLiteBackup.verify(file)
            _ = try MasterKeyCheck.configuredKey(for: try await SQLiteBackup.keyState(of: file),
                                                 environment: CommonOptions.environment["PATRON_MASTER_KEY"], keyFile: keyFile)
            try await SQLiteBackup.restore(from: file, to: path, force: force)
            print("restored \(file) into \(path)")
        }
    }
}
