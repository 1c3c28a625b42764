import Foundation
import SQLKit

/// Every difference between SQLite and PostgreSQL that Patron's SQL depends on, in one place: repositories
/// say what they need (a lock, an upsert, whether a table exists) and never switch on the engine themselves,
/// so a third engine — or a change in one — is a change to this file. Everything else is written once in SQL
/// both engines accept (see `Migration`).
struct SQLDialect: Sendable {
    let engine: DatabaseURL.Engine

    /// Work that instances sharing one PostgreSQL database must not do at the same time. The numbers are
    /// stable: two versions of Patron running side by side must take the same lock.
    enum AdvisoryLock: Int64 {
        case migrations = 7_420_001
        case keyring = 7_420_002
    }

    /// How a writing transaction starts. SQLite takes its single write lock at once (`BEGIN IMMEDIATE`), so a
    /// transaction that read first never fails half-way when it comes to write on a busy database.
    var beginWrite: SQLQueryString {
        switch engine {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgres: "BEGIN"
        }
    }

    /// Holds `lock` until the transaction ends. SQLite needs nothing more: `beginWrite` already holds the one
    /// write lock of the file.
    func lock(_ lock: AdvisoryLock, on sql: any SQLDatabase) async throws {
        switch engine {
        case .sqlite: return
        case .postgres: try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: lock.rawValue))").run()
        }
    }

    /// Fresh planner statistics for `tables`, before an aggregate over the whole base. PostgreSQL's autovacuum
    /// analyses a table only a while after a bulk load; until then the planner sees an empty table's statistics,
    /// and it ran the insight aggregate once per customer (the demo's refresh right after its load took 73 s
    /// instead of 60 ms). SQLite plans these statements by their written join order (`CROSS JOIN`,
    /// `NOT INDEXED`) and keeps no statistics unless asked, so it has nothing to do.
    func refreshStatistics(_ tables: [String], on sql: any SQLDatabase) async throws {
        guard engine == .postgres else { return }
        for table in tables { try await sql.raw("ANALYZE \(ident: table)").run() }
    }

    /// Whether a table exists, asked the way each engine answers it; for checks that run before migrations.
    func hasTable(_ name: String, on sql: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = switch engine {
        case .sqlite: "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
        case .postgres:
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: name)"
        }
        return try (await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0) > 0
    }

    /// Whether the connection is encrypted; an embedded SQLite file has no connection to protect.
    func connectionIsEncrypted(on sql: any SQLDatabase) async throws -> Bool {
        switch engine {
        case .sqlite: false
        case .postgres:
            try await sql.raw("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first()?.decode(column: "ssl", as: Bool.self) ?? false
        }
    }

    /// Inserts a row, or replaces the `replacing` columns of the row whose `key` columns match. Both engines
    /// take `INSERT … ON CONFLICT (key) DO UPDATE SET column = excluded.column` (SQLite since 3.24), so one
    /// statement replaces the delete-then-insert that would briefly leave no row.
    func upsert(into table: String, key: [String], columns: [String], values: [any SQLExpression], replacing: [String],
                on sql: any SQLDatabase) async throws {
        try await sql.insert(into: table).columns(columns).values(values)
            .onConflict(with: key) { update in
                replacing.reduce(update) { $0.set(excludedValueOf: $1) }
            }
            .run()
    }

    // --- insight scores
    /// The UTC day number (whole days since 1970-01-01) of a timestamp column, as an integer: SQLite holds
    /// times as Unix seconds, PostgreSQL as `timestamptz`. `column` is a trusted identifier, never input.
    /// On PostgreSQL date arithmetic, not `EXTRACT(EPOCH …)`: that yields `numeric`, whose division took more
    /// than half of the insight aggregate's time over ten million orders.
    func epochDay(_ column: String) -> String {
        switch engine {
        case .sqlite: "CAST(\(column) / 86400 AS INTEGER)"
        case .postgres: "CAST(CAST(\(column) AT TIME ZONE 'UTC' AS DATE) - DATE '1970-01-01' AS BIGINT)"
        }
    }

    /// The first instant of UTC day `day` (an integer expression), comparable with a timestamp column.
    func epochDayStart(_ day: String) -> String {
        switch engine {
        case .sqlite: "((\(day)) * 86400)"
        case .postgres: "TO_TIMESTAMP((\(day)) * 86400)"
        }
    }
}

extension SQLDialect {
    /// The dialect of a transaction handed to an event subscriber or data participant, which see no `Database`.
    init(of sql: any SQLDatabase) {
        self.init(engine: sql.dialect.name == "sqlite" ? .sqlite : .postgres)
    }
}

// MARK: - personas

extension SQLDialect {
    /// A table read whole in storage order: SQLite otherwise walks an index on a filtered column and visits
    /// each row from it at random, many times slower over millions of rows; PostgreSQL chooses well itself.
    func wholeTable(_ table: String, as alias: String) -> String {
        switch engine {
        case .sqlite: "\(table) \(alias) NOT INDEXED"
        case .postgres: "\(table) \(alias)"
        }
    }

    /// The group's values as one comma-separated text.
    func listAggregate(_ value: any SQLExpression) -> any SQLExpression {
        switch engine {
        case .sqlite: SQLQueryString("GROUP_CONCAT(\(value), ',')")
        case .postgres: SQLQueryString("STRING_AGG(\(value), ',')")
        }
    }

    /// The local day number (days since 1970-01-01 of the local date) of a timestamp at a UTC offset.
    func localDayNumber(_ time: any SQLExpression, offsetSeconds: any SQLExpression) -> any SQLExpression {
        switch engine {
        case .sqlite: SQLQueryString("CAST((\(time) + \(offsetSeconds)) / 86400 AS INTEGER)")
        case .postgres: SQLQueryString("CAST(FLOOR((EXTRACT(EPOCH FROM \(time)) + \(offsetSeconds)) / 86400) AS BIGINT)")
        }
    }

    /// Whole hours from 1970 to `time` shifted by `offsetSeconds` (an integer expression): the local hour of
    /// day is this modulo 24 and the local day this divided by 24. SQLite stores times as seconds since 1970
    /// (a REAL, where `CAST … AS INTEGER` truncates, which is the floor for times after 1970); PostgreSQL asks
    /// the timestamp for its epoch.
    func personaLocalHours(_ time: any SQLExpression, offsetSeconds: any SQLExpression) -> any SQLExpression {
        switch engine {
        case .sqlite: SQLQueryString("CAST((\(time) + \(offsetSeconds)) / 3600 AS INTEGER)")
        case .postgres: SQLQueryString("CAST(FLOOR((EXTRACT(EPOCH FROM \(time)) + \(offsetSeconds)) / 3600) AS BIGINT)")
        }
    }
}

extension Database {
    var dialect: SQLDialect { SQLDialect(engine: engine) }
}

// MARK: KPIs (issue 20)

extension SQLDialect {
    /// Seconds from the timestamp column `start` to `end` as a double, NULL when either is NULL. SQLite keeps
    /// timestamps as seconds since 1970; PostgreSQL subtracts to an interval and takes its seconds.
    func secondsBetween(_ start: String, _ end: String) -> SQLQueryString {
        switch engine {
        case .sqlite: "CAST((\(ident: end) - \(ident: start)) AS DOUBLE PRECISION)"
        case .postgres: "CAST(EXTRACT(EPOCH FROM (\(ident: end) - \(ident: start))) AS DOUBLE PRECISION)"
        }
    }
}

