import SQLKit

/// The console language a staff member chose. Nullable: nil follows the browser, and every existing member
/// starts there. Values are checked when read (`decodeEnum`), not by a constraint, so a later language needs
/// no table rebuild on SQLite.
struct M0011_StaffLanguage: Migration {
    let version = 11
    let name = "staff language"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute(["ALTER TABLE staff ADD COLUMN language TEXT"], on: sql)
    }
}
