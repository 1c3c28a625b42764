import SQLKit

extension Database {
    /// Whether this connection to PostgreSQL is encrypted; an embedded SQLite file has no connection to protect.
    public func usesTLS() async throws -> Bool {
        try await read { sql in try await self.dialect.connectionIsEncrypted(on: sql) }
    }
}
