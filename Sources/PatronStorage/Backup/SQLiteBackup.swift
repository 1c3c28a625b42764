import Foundation
import PatronCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Online backup and offline restore of the embedded database. `VACUUM INTO` copies a consistent snapshot
/// from one read transaction, so writers keep going while it runs and every row committed before it began
/// is in the copy. PostgreSQL deployments use `pg_dump`/`pg_restore` instead.
public enum SQLiteBackup {
    public static func backup(_ database: Database, to destination: String) async throws {
        guard database.engine == .sqlite else {
            throw PatronError.invalid(field: "PATRON_DATABASE_URL", message: "patron backup copies the embedded SQLite database; for PostgreSQL use pg_dump (see README)")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw PatronError.conflict(field: "file", message: "\(destination) already exists; choose a new file name")
        }
        try await database.read { sql in
            try await sql.raw("VACUUM INTO \(bind: destination)").run()
        }
    }

    /// Checks a backup file: it must be a SQLite database that passes `integrity_check` and whose schema
    /// this binary understands. Returns its schema version.
    public static func verify(_ file: String) async throws -> Int {
        guard FileManager.default.fileExists(atPath: file) else {
            throw PatronError.notFound(resource: "backup file", id: file)
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: file))
        do {
            let sql = connection.sql()
            let result = try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
            guard result == "ok" else {
                throw PatronError.invalid(field: "file", message: "\(file) fails integrity_check: \(result ?? "not a database")")
            }
            let rows = try await sql.raw("SELECT max(version) AS v FROM patron_schema_migrations").all()
            let version = try rows.first?.decode(column: "v", as: Int?.self) ?? 0
            try Migrator.refuseNewer([version])
            try await connection.close()
            return version
        } catch let error as PatronError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw PatronError.invalid(field: "file", message: "\(file) is not a Patron backup: \(error)")
        }
    }

    /// Whether a backup holds sealed personal data and under which master key, read without changing the file.
    public static func keyState(of file: String) async throws -> MasterKeyCheck.State {
        let connection = try await SQLiteConnection.open(storage: .file(path: file))
        do {
            let state = try await MasterKeyCheck.state(on: connection.sql(), dialect: SQLDialect(engine: .sqlite))
            try await connection.close()
            return state
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Replaces the database file at `target` with a verified copy of `backup`. Refuses to overwrite an
    /// existing database unless `force` is set; the swap is an atomic rename, never a partial file.
    public static func restore(from backup: String, to target: String, force: Bool) async throws {
        _ = try await verify(backup)
        let manager = FileManager.default
        if manager.fileExists(atPath: target), !force {
            throw PatronError.conflict(field: "target", message: "\(target) already holds a database; stop the server and pass --force to replace it")
        }
        let staging = target + ".restoring"
        try? manager.removeItem(atPath: staging)
        try manager.copyItem(atPath: backup, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: target + suffix) }
        if rename(staging, target) != 0 {
            throw PatronError.storageUnavailable(message: "could not move the restored database into place (errno \(errno))")
        }
    }
}
