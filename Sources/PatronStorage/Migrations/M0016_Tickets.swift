import SQLKit

/// Tickets with their threads, histories and routing rules. Descriptions and message bodies are sealed; the
/// ticket row stays after an erase (stripped of text) so SLA statistics keep their counts.
struct M0016_Tickets: Migration {
    let version = 16
    let name = "tickets, messages, history and routing rules"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE tickets (
                id UUID PRIMARY KEY,
                kind TEXT NOT NULL,
                priority TEXT NOT NULL,
                channel TEXT NOT NULL,
                status TEXT NOT NULL,
                queue TEXT NOT NULL,
                assignee_id UUID REFERENCES staff (id),
                customer_id UUID REFERENCES customers (id),
                store_id UUID REFERENCES stores (id),
                subject TEXT NOT NULL,
                description_enc BYTEA NOT NULL,
                category TEXT,
                resolution_code TEXT,
                order_id UUID REFERENCES orders (id),
                interaction_id UUID REFERENCES interactions (id),
                attachments TEXT NOT NULL,
                escalated BOOLEAN NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL,
                first_replied_at TIMESTAMPTZ,
                resolved_at TIMESTAMPTZ,
                closed_at TIMESTAMPTZ,
                version INTEGER NOT NULL
            )
            """,
            "CREATE INDEX tickets_created ON tickets (created_at, id)",
            "CREATE INDEX tickets_queue ON tickets (queue, status, created_at)",
            "CREATE INDEX tickets_store ON tickets (store_id, status, created_at)",
            "CREATE INDEX tickets_assignee ON tickets (assignee_id, status, created_at)",
            "CREATE INDEX tickets_customer ON tickets (customer_id, created_at)",
            """
            CREATE TABLE ticket_messages (
                id UUID PRIMARY KEY,
                ticket_id UUID NOT NULL REFERENCES tickets (id),
                kind TEXT NOT NULL,
                body_enc BYTEA NOT NULL,
                author_kind TEXT NOT NULL,
                author_id TEXT,
                author_name TEXT,
                at TIMESTAMPTZ NOT NULL,
                delivery TEXT,
                delivery_channel TEXT,
                delivery_reference TEXT
            )
            """,
            "CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, at)",
            """
            CREATE TABLE ticket_events (
                id UUID PRIMARY KEY,
                ticket_id UUID NOT NULL REFERENCES tickets (id),
                at TIMESTAMPTZ NOT NULL,
                actor_kind TEXT NOT NULL,
                actor_id TEXT,
                actor_name TEXT,
                action TEXT NOT NULL,
                from_value TEXT,
                to_value TEXT
            )
            """,
            "CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at)",
            """
            CREATE TABLE ticket_routing_rules (
                position INTEGER PRIMARY KEY,
                kind TEXT,
                category TEXT,
                channel TEXT,
                store_id UUID REFERENCES stores (id),
                queue TEXT NOT NULL,
                assignee_id UUID REFERENCES staff (id)
            )
            """,
        ], on: sql)
    }
}
