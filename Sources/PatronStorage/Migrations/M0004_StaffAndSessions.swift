import SQLKit

/// Passwords are kept only as bcrypt hashes and bearer tokens only as SHA-256 digests.
struct M0004_StaffAndSessions: Migration {
    let version = 4
    let name = "staff and sessions"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE staff (
                id UUID PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                department TEXT NOT NULL,
                home_store_id UUID REFERENCES stores (id),
                password_hash TEXT NOT NULL,
                is_active BOOLEAN NOT NULL,
                created_at TIMESTAMPTZ NOT NULL
            )
            """,
            """
            CREATE TABLE auth_tokens (
                token_hash TEXT PRIMARY KEY,
                staff_id UUID NOT NULL REFERENCES staff (id),
                created_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL,
                revoked_at TIMESTAMPTZ
            )
            """,
            "CREATE INDEX auth_tokens_staff ON auth_tokens (staff_id)",
        ], on: sql)
    }
}
