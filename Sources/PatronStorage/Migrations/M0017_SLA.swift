import Foundation
import PatronCore
import SQLKit

/// SLA: business calendars (the calendar as JSON, with its code and store as columns), policies, one SLA
/// record per ticket with its facts, due times and statuses, and the breaches with their escalation. Seeds
/// the service-centre calendar and default policies of this release (`SLADefaults`), so tickets have targets
/// on a new database; later releases change them through the service, never here.
struct M0017_SLA: Migration {
    let version = 17
    let name = "SLA calendars, policies, ticket clocks and breaches"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE service_calendars (
                code TEXT PRIMARY KEY,
                store_id UUID,
                name TEXT NOT NULL,
                definition TEXT NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX service_calendars_store ON service_calendars (store_id)",
            """
            CREATE TABLE sla_policies (
                id UUID PRIMARY KEY,
                name TEXT NOT NULL,
                channel TEXT,
                channel_key TEXT NOT NULL,
                priority TEXT NOT NULL,
                first_response_minutes INTEGER NOT NULL,
                next_response_minutes INTEGER NOT NULL,
                resolution_minutes INTEGER NOT NULL,
                calendar_code TEXT,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX sla_policies_channel_priority ON sla_policies (channel_key, priority)",
            """
            CREATE TABLE ticket_sla (
                ticket_id UUID PRIMARY KEY,
                policy_id UUID,
                calendar_code TEXT,
                store_id UUID,
                channel TEXT NOT NULL,
                queue TEXT,
                priority TEXT NOT NULL,
                opened_at TIMESTAMPTZ NOT NULL,
                first_reply_at TIMESTAMPTZ,
                awaiting_reply_since TIMESTAMPTZ,
                paused_since TIMESTAMPTZ,
                pauses TEXT NOT NULL,
                resolved_at TIMESTAMPTZ,
                first_response_due_at TIMESTAMPTZ,
                next_response_due_at TIMESTAMPTZ,
                resolution_due_at TIMESTAMPTZ,
                first_response_status TEXT,
                next_response_status TEXT,
                resolution_status TEXT,
                breached_at TIMESTAMPTZ,
                escalated BOOLEAN NOT NULL
            )
            """,
            "CREATE INDEX ticket_sla_first_response_due ON ticket_sla (first_response_status, first_response_due_at)",
            "CREATE INDEX ticket_sla_next_response_due ON ticket_sla (next_response_status, next_response_due_at)",
            "CREATE INDEX ticket_sla_resolution_due ON ticket_sla (resolution_status, resolution_due_at)",
            "CREATE INDEX ticket_sla_opened ON ticket_sla (opened_at)",
            """
            CREATE TABLE ticket_sla_breaches (
                ticket_id UUID NOT NULL,
                target TEXT NOT NULL,
                due_at TIMESTAMPTZ NOT NULL,
                breached_at TIMESTAMPTZ NOT NULL,
                escalation TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                PRIMARY KEY (ticket_id, target, due_at)
            )
            """,
            "CREATE INDEX ticket_sla_breaches_escalation ON ticket_sla_breaches (escalation, breached_at)",
        ], on: sql)
        try await SQLSLARepository.insertCalendar(SLADefaults.serviceCentre, on: sql)
        for policy in SLADefaults.policies { try await SQLSLARepository.insertPolicy(policy, on: sql) }
    }
}
