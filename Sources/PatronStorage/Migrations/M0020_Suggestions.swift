import SQLKit

/// The anonymous suggestion box: text and the optional contact sealed, the status code only as its digest.
struct M0020_Suggestions: Migration {
    let version = 20
    let name = "suggestion box"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE suggestions (
                id UUID PRIMARY KEY,
                code_digest TEXT NOT NULL UNIQUE,
                body BYTEA NOT NULL,
                category TEXT NOT NULL,
                store_id UUID,
                contact_kind TEXT,
                contact BYTEA,
                status TEXT NOT NULL,
                department TEXT,
                public_reply TEXT,
                reply_sent BOOLEAN NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX suggestions_created ON suggestions (created_at, id)",
            "CREATE INDEX suggestions_status ON suggestions (status, created_at)",
        ], on: sql)
    }
}
