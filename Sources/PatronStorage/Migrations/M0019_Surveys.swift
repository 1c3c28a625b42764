import SQLKit

/// Surveys: templates (questions as JSON, texts in both languages), invitations (the token only as its
/// SHA-256 digest, unique) and answers (scores plain for counting, free texts sealed).
struct M0019_Surveys: Migration {
    let version = 19
    let name = "survey templates, invitations and answers"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE survey_templates (
                id UUID PRIMARY KEY,
                name TEXT NOT NULL,
                title_zh TEXT NOT NULL,
                title_en TEXT NOT NULL,
                questions TEXT NOT NULL,
                trigger_kind TEXT NOT NULL,
                trigger_days INTEGER,
                channel TEXT NOT NULL,
                low_csat INTEGER NOT NULL,
                low_nps INTEGER NOT NULL,
                validity_days INTEGER NOT NULL,
                active BOOLEAN NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX survey_templates_trigger ON survey_templates (trigger_kind, active)",
            """
            CREATE TABLE survey_invitations (
                id UUID PRIMARY KEY,
                template_id UUID NOT NULL REFERENCES survey_templates (id),
                customer_id UUID REFERENCES customers (id),
                channel TEXT NOT NULL,
                ticket_id UUID,
                order_id UUID,
                store_id UUID,
                staff_id UUID,
                trigger_kind TEXT NOT NULL,
                due_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL,
                status TEXT NOT NULL,
                token_digest TEXT UNIQUE,
                sent_at TIMESTAMPTZ,
                answered_at TIMESTAMPTZ,
                created_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX survey_invitations_due ON survey_invitations (status, due_at)",
            "CREATE INDEX survey_invitations_expiry ON survey_invitations (status, expires_at)",
            "CREATE INDEX survey_invitations_customer ON survey_invitations (customer_id, template_id, due_at)",
            "CREATE INDEX survey_invitations_created ON survey_invitations (created_at, id)",
            "CREATE INDEX survey_invitations_ticket ON survey_invitations (ticket_id)",
            """
            CREATE TABLE survey_answers (
                id UUID PRIMARY KEY,
                invitation_id UUID NOT NULL UNIQUE REFERENCES survey_invitations (id),
                template_id UUID NOT NULL REFERENCES survey_templates (id),
                customer_id UUID REFERENCES customers (id),
                store_id UUID,
                staff_id UUID,
                channel TEXT NOT NULL,
                scores TEXT NOT NULL,
                comments BYTEA,
                csat INTEGER,
                nps INTEGER,
                low_score BOOLEAN NOT NULL,
                answered_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX survey_answers_at ON survey_answers (answered_at)",
            "CREATE INDEX survey_answers_customer ON survey_answers (customer_id, answered_at)",
        ], on: sql)
    }
}
