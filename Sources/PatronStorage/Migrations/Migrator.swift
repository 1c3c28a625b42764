import Foundation
import Logging
import PatronCore
import SQLKit

/// Brings a database to the schema this binary expects, recording each applied step in
/// `patron_schema_migrations`. Running it again changes nothing; a database migrated by a newer Patron is
/// refused rather than misread.
public struct Migrator: Sendable {
    static let all: [any Migration] = [
        M0001_StoresAndCatalogue(),
        M0002_Customers(),
        M0003_Orders(),
        M0004_StaffAndSessions(),
        M0005_AccessControl(),
        M0006_AuditLog(),
        M0007_CustomerProfiles(),
        M0008_OrderIngest(),
        M0009_Membership(),
        M0010_IdempotencyKeys(),
        M0011_StaffLanguage(),
        M0012_SalesAssociateReturns(),
        M0013_OrdersByStoreAndTime(),
        M0014_Jobs(),
        M0015_Interactions(),
        M0016_Tickets(),
        M0017_SLA(),
        M0018_TimelineIndexes(),
        M0019_Surveys(),
        M0020_Suggestions(),
        M0021_CustomerInsight(),
        M0022_Recommendations(),
        M0023_KPIDaily(),
        M0024_Personas(),
        M0025_DropOrdersCustomerIndex(),
    ]

    public static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    let database: Database
    let logger: Logger

    public init(_ database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public struct Report: Sendable, Equatable {
        public var applied: [Int]
        public var current: Int
    }

    /// Applies pending steps, each in its own transaction together with its record.
    @discardableResult
    public func apply() async throws -> Report {
        try await database.transaction { sql in
            try await sql.raw("""
                CREATE TABLE IF NOT EXISTS patron_schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL
                )
                """).run()
        }
        var applied: [Int] = []
        for migration in Self.all.sorted(by: { $0.version < $1.version }) {
            let didApply = try await database.transaction { sql in
                try await self.database.dialect.lock(.migrations, on: sql)
                let done = try await Self.appliedVersions(sql)
                try Self.refuseNewer(done)
                guard !done.contains(migration.version) else { return false }
                try await migration.apply(on: sql)
                try await sql.insert(into: "patron_schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Date()))
                    .run()
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        try await database.transaction { sql in
            try await self.database.dialect.lock(.migrations, on: sql)
            try await BuiltInRoles.sync(on: sql)
        }
        return Report(applied: applied, current: try await currentVersion())
    }

    /// The highest applied version; 0 for an empty database.
    public func currentVersion() async throws -> Int {
        try await database.read { sql in
            let exists = try await self.database.dialect.hasTable("patron_schema_migrations", on: sql)
            guard exists else { return 0 }
            return try await Self.appliedVersions(sql).max() ?? 0
        }
    }

    /// Throws `schemaTooNew` when the database was migrated by a newer binary.
    public func checkCompatible() async throws {
        let current = try await currentVersion()
        try Self.refuseNewer([current])
    }

    static func refuseNewer(_ versions: some Collection<Int>) throws(PatronError) {
        if let highest = versions.max(), highest > latestVersion {
            throw .schemaTooNew(database: highest, binary: latestVersion)
        }
    }

    static func appliedVersions(_ sql: any SQLDatabase) async throws -> Set<Int> {
        let rows = try await sql.select().column("version").from("patron_schema_migrations").all()
        return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
    }
}
