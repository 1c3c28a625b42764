import SQLKit

/// The audit trail. Triggers make it append-only in the database itself, so neither a bug nor a
/// hand-written UPDATE can rewrite history.
struct M0006_AuditLog: Migration {
    let version = 6
    let name = "append-only audit log"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE audit_log (
                id UUID PRIMARY KEY,
                at TIMESTAMPTZ NOT NULL,
                actor_kind TEXT NOT NULL,
                actor_id TEXT,
                actor_name TEXT,
                action TEXT NOT NULL,
                resource_type TEXT,
                resource_id TEXT,
                fields TEXT NOT NULL,
                purpose TEXT,
                outcome TEXT NOT NULL,
                request_id TEXT,
                details TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_at ON audit_log (at, id)",
            "CREATE INDEX audit_log_actor ON audit_log (actor_id, at)",
            "CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id, at)",
            "CREATE INDEX audit_log_action ON audit_log (action, at)",
        ], on: sql)
        if sql.dialect.name == "sqlite" {
            try await execute([
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            ], on: sql)
        } else {
            try await execute([
                """
                CREATE FUNCTION patron_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION patron_audit_log_append_only()
                """,
            ], on: sql)
        }
    }
}
