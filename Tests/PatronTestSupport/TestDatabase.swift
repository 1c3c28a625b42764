import Foundation
import Logging
import PatronCore
import PatronStorage
import SQLKit

/// Gives each test its own real database: a fresh SQLite file by default, or — when
/// `PATRON_TEST_DATABASE_URL` names a PostgreSQL server — a freshly created PostgreSQL database on it.
/// CI runs the same suites once per engine this way.
public enum TestDatabase {
    public static var logger: Logger {
        var logger = Logger(label: "patron-test")
        logger.logLevel = .warning
        return logger
    }

    public static var engine: DatabaseURL.Engine {
        (try? DatabaseURL(ProcessInfo.processInfo.environment["PATRON_TEST_DATABASE_URL"]).engine) ?? .sqlite
    }

    /// A new, empty database on the engine under test.
    public static func makeURL() async throws -> DatabaseURL {
        let configured = ProcessInfo.processInfo.environment["PATRON_TEST_DATABASE_URL"] ?? ""
        guard !configured.isEmpty, case .postgres(let base) = try DatabaseURL(configured) else {
            return .sqlite(path: temporarySQLitePath())
        }
        let name = "patron_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await Database.withOpen(.postgres(url: base), logger: logger) { database in
            try await database.read { sql in try await sql.raw("CREATE DATABASE \(ident: name)").run() }
        }
        var components = URLComponents(string: base)!
        components.path = "/" + name
        return .postgres(url: components.string!)
    }

    public static func temporarySQLitePath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patron-tests", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("\(UUID().uuidString).sqlite").path
    }

    /// Opens a fresh database, optionally migrated, for the duration of `body`.
    public static func with<T: Sendable>(migrated: Bool = true, _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let url = try await makeURL()
        return try await Database.withOpen(url, logger: logger) { database in
            if migrated { try await Migrator(database, logger: logger).apply() }
            return try await body(database)
        }
    }
}
