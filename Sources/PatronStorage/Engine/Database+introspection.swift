import SQLKit

extension Database {
    /// Whether a table exists, asked the way each engine answers it; for checks that run before migrations.
    static func hasTable(_ name: String, on sql: any SQLDatabase, engine: DatabaseURL.Engine) async throws -> Bool {
        let query: SQLQueryString = engine == .sqlite
            ? "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
            : "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: name)"
        return try (await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0) > 0
    }

    /// Whether this connection to PostgreSQL is encrypted; an embedded SQLite file has no connection to protect.
    public func usesTLS() async throws -> Bool {
        guard engine == .postgres else { return false }
        return try await read { sql in
            try await sql.raw("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first()?.decode(column: "ssl", as: Bool.self) ?? false
        }
    }
}
