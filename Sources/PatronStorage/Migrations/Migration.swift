import SQLKit

/// One numbered, append-only step of the schema. Steps are never edited once released: a change is a new
/// step. DDL is written once, in types both engines accept (SQLite maps `UUID`, `TIMESTAMPTZ`, `BYTEA` to
/// its storage classes by affinity), so there is no per-engine schema to drift.
protocol Migration: Sendable {
    var version: Int { get }
    var name: String { get }
    func apply(on sql: any SQLDatabase) async throws
}

extension Migration {
    /// Runs each statement in order; DDL is small enough that readability beats builders here.
    func execute(_ statements: [String], on sql: any SQLDatabase) async throws {
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }
}
