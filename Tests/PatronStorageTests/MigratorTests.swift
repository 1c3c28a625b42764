import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct MigratorTests {
    @Test func migratingTwiceChangesNothing() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let migrator = Migrator(database, logger: TestDatabase.logger)
            let first = try await migrator.apply()
            #expect(first.applied == Array(1...Migrator.latestVersion))
            let schemaAfterFirst = try await Self.schema(of: database)
            let second = try await migrator.apply()
            #expect(second.applied.isEmpty)
            #expect(second.current == Migrator.latestVersion)
            #expect(try await Self.schema(of: database) == schemaAfterFirst)
            let recorded = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM patron_schema_migrations").first()!.decode(column: "n", as: Int.self)
            }
            #expect(recorded == Migrator.latestVersion)
        }
    }

    @Test func aDatabaseFromANewerPatronIsRefused() async throws {
        try await TestDatabase.with { database in
            try await database.transaction { sql in
                try await sql.raw("INSERT INTO patron_schema_migrations (version, name, applied_at) VALUES (\(bind: 999), 'future', \(bind: Date()))").run()
            }
            let migrator = Migrator(database, logger: TestDatabase.logger)
            await #expect(throws: PatronError.schemaTooNew(database: 999, binary: Migrator.latestVersion)) {
                try await migrator.apply()
            }
            await #expect(throws: PatronError.schemaTooNew(database: 999, binary: Migrator.latestVersion)) {
                try await migrator.checkCompatible()
            }
        }
    }

    @Test func anEmptyDatabaseIsAtVersionZero() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let version = try await Migrator(database, logger: TestDatabase.logger).currentVersion()
            #expect(version == 0)
        }
    }

    /// Table and column names with their declared types, in a stable order.
    static func schema(of database: Database) async throws -> [String] {
        try await database.read { sql in
            let query: SQLQueryString = database.engine == .sqlite
                ? "SELECT m.name || '.' || p.name || ':' || p.type AS d FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1"
                : "SELECT table_name || '.' || column_name || ':' || data_type AS d FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1"
            return try await sql.raw(query).all().map { try $0.decode(column: "d", as: String.self) }
        }
    }
}
