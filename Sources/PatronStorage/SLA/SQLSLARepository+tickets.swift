import Foundation
import PatronCore
import SQLKit

/// The tickets' SLA records and breaches in SQL.
extension SQLSLARepository {
    public func tickets(_ ids: [UUID]) async throws -> [TicketSLA] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { sql in
            try await sql.select().column("*").from("ticket_sla").where("ticket_id", .in, ids).all().map(Self.decodeTicket)
        }
    }

    public func outcomes(from: Date, to: Date, store: Store.ID?) async throws -> [SLAReport.Outcome] {
        try await database.read { sql in
            var query = sql.select()
                .columns("opened_at", "store_id", "channel", "queue", "first_response_status", "resolution_status", "breached_at")
                .from("ticket_sla")
                .where("opened_at", .greaterThanOrEqual, from).where("opened_at", .lessThan, to)
                .where("policy_id", .isNot, SQLLiteral.null)
            if let store { query = query.where("store_id", .equal, store) }
            return try await query.all().map { row in
                SLAReport.Outcome(openedAt: try row.decode(column: "opened_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID?.self),
                                  channel: try row.decode(column: "channel", as: String.self), queue: try row.decode(column: "queue", as: String?.self),
                                  firstResponse: try row.decodeEnumIfPresent(column: "first_response_status"),
                                  resolution: try row.decodeEnumIfPresent(column: "resolution_status"),
                                  breached: try row.decode(column: "breached_at", as: Date?.self) != nil)
            }
        }
    }

    public func recordBreaches(at now: Date) async throws -> [SLABreach] {
        try await database.transaction { sql in
            var breaches: [SLABreach] = []
            for target in SLATargetKind.allCases {
                let (status, due) = Self.columns(of: target)
                // Only a running target flips, so each breach is found once however many runs look.
                let rows = try await sql.update("ticket_sla")
                    .set(status, to: SLATarget.Status.breached.rawValue)
                    .set(SQLColumn("breached_at"), to: SQLFunction("COALESCE", args: SQLColumn("breached_at"), SQLBind(now)))
                    .where(status, .equal, SLATarget.Status.running.rawValue)
                    .where(due, .lessThanOrEqual, now)
                    .returning("ticket_id", due)
                    .all()
                for row in rows {
                    breaches.append(SLABreach(ticketId: try row.decode(column: "ticket_id", as: UUID.self), target: target,
                                              dueAt: try row.decode(column: due, as: Date.self), breachedAt: now, escalation: .pending))
                }
            }
            try await Self.insertBreaches(breaches, on: sql)
            return breaches
        }
    }

    public func pendingEscalations(limit: Int) async throws -> [SLABreach] {
        try await database.read { sql in
            try await sql.select().column("*").from("ticket_sla_breaches").where("escalation", .equal, SLABreach.Escalation.pending.rawValue)
                .orderBy("breached_at").limit(limit).all().map(Self.decodeBreach)
        }
    }

    public func recordEscalation(_ breach: SLABreach, succeeded: Bool, at: Date) async throws {
        try await database.transaction { sql in
            let attempts = breach.attempts + 1
            let outcome: SLABreach.Escalation = succeeded ? .done : attempts >= SLAService.maxEscalationAttempts ? .failed : .pending
            try await sql.update("ticket_sla_breaches").set("escalation", to: outcome.rawValue).set("attempts", to: attempts)
                .where("ticket_id", .equal, breach.ticketId).where("target", .equal, breach.target.rawValue).where("due_at", .equal, breach.dueAt)
                .run()
            if succeeded {
                try await sql.update("ticket_sla").set("escalated", to: true).where("ticket_id", .equal, breach.ticketId).run()
            }
        }
    }

    // MARK: Rows

    static func columns(of target: SLATargetKind) -> (status: String, due: String) {
        ("\(target.rawValue)_status", "\(target.rawValue)_due_at")
    }

    static func insertBreaches(_ breaches: [SLABreach], on sql: any SQLDatabase) async throws {
        for breach in breaches {
            try await sql.insert(into: "ticket_sla_breaches")
                .columns("ticket_id", "target", "due_at", "breached_at", "escalation", "attempts")
                .values(SQLBind(breach.ticketId), SQLBind(breach.target.rawValue), SQLBind(breach.dueAt), SQLBind(breach.breachedAt),
                        SQLBind(breach.escalation.rawValue), SQLBind(breach.attempts))
                .ignoringConflicts(with: ["ticket_id", "target", "due_at"])
                .run()
        }
    }

    static func ticket(_ id: UUID, on sql: any SQLDatabase) async throws -> TicketSLA? {
        try await sql.select().column("*").from("ticket_sla").where("ticket_id", .equal, id).first().map(decodeTicket)
    }

    /// Inserts or replaces the record with every column.
    static func write(_ record: TicketSLA, on sql: any SQLDatabase) async throws {
        let state = record.state
        let values: [(String, any Encodable & Sendable)] = [
            ("ticket_id", record.ticketId), ("policy_id", record.policyId), ("calendar_code", record.calendarCode), ("store_id", record.storeId),
            ("channel", record.channel), ("queue", record.queue), ("priority", record.priority.rawValue),
            ("opened_at", record.facts.openedAt), ("first_reply_at", record.facts.firstReplyAt),
            ("awaiting_reply_since", record.facts.awaitingReplySince), ("paused_since", record.facts.pausedSince),
            ("pauses", encodePauses(record.facts.pauses)), ("resolved_at", record.facts.resolvedAt),
            ("first_response_due_at", state?.firstResponse.dueAt), ("next_response_due_at", state?.nextResponse?.dueAt),
            ("resolution_due_at", state?.resolution.dueAt),
            ("first_response_status", state?.firstResponse.status.rawValue), ("next_response_status", state?.nextResponse?.status.rawValue),
            ("resolution_status", state?.resolution.status.rawValue), ("breached_at", record.breachedAt), ("escalated", record.escalated),
        ]
        try await sql.insert(into: "ticket_sla").columns(values.map(\.0)).values(values.map { SQLBind($0.1) })
            .onConflict(with: ["ticket_id"]) { update in
                values.dropFirst().reduce(update) { $0.set(excludedValueOf: $1.0) }
            }
            .run()
    }

    static func decodeTicket(_ row: any SQLRow) throws -> TicketSLA {
        let facts = SLAFacts(openedAt: try row.decode(column: "opened_at", as: Date.self),
                             firstReplyAt: try row.decode(column: "first_reply_at", as: Date?.self),
                             awaitingReplySince: try row.decode(column: "awaiting_reply_since", as: Date?.self),
                             pauses: try decodePauses(try row.decode(column: "pauses", as: String.self)),
                             pausedSince: try row.decode(column: "paused_since", as: Date?.self),
                             resolvedAt: try row.decode(column: "resolved_at", as: Date?.self))
        func target(_ kind: SLATargetKind, achievedAt: Date?) throws -> SLATarget? {
            let (status, due) = columns(of: kind)
            guard let value: SLATarget.Status = try row.decodeEnumIfPresent(column: status) else { return nil }
            return SLATarget(dueAt: try row.decode(column: due, as: Date?.self), achievedAt: achievedAt, status: value, remainingSeconds: 0)
        }
        var state: SLAState?
        if let first = try target(.firstResponse, achievedAt: facts.firstReplyAt ?? facts.resolvedAt),
           let resolution = try target(.resolution, achievedAt: facts.resolvedAt) {
            state = SLAState(firstResponse: first, nextResponse: try target(.nextResponse, achievedAt: facts.resolvedAt), resolution: resolution)
        }
        return TicketSLA(ticketId: try row.decode(column: "ticket_id", as: UUID.self), policyId: try row.decode(column: "policy_id", as: UUID?.self),
                         calendarCode: try row.decode(column: "calendar_code", as: String?.self), storeId: try row.decode(column: "store_id", as: UUID?.self),
                         channel: try row.decode(column: "channel", as: String.self), queue: try row.decode(column: "queue", as: String?.self),
                         priority: try row.decodeEnum(column: "priority"), facts: facts, state: state,
                         breachedAt: try row.decode(column: "breached_at", as: Date?.self), escalated: try row.decode(column: "escalated", as: Bool.self))
    }

    static func decodeBreach(_ row: any SQLRow) throws -> SLABreach {
        SLABreach(ticketId: try row.decode(column: "ticket_id", as: UUID.self), target: try row.decodeEnum(column: "target"),
                  dueAt: try row.decode(column: "due_at", as: Date.self), breachedAt: try row.decode(column: "breached_at", as: Date.self),
                  escalation: try row.decodeEnum(column: "escalation"), attempts: try row.decode(column: "attempts", as: Int.self))
    }

    /// Pauses as `[[start, end], …]` in seconds since 1970.
    static func encodePauses(_ pauses: [DateInterval]) -> String {
        let pairs = pauses.map { [$0.start.timeIntervalSince1970, $0.end.timeIntervalSince1970] }
        return String(decoding: (try? JSONEncoder().encode(pairs)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decodePauses(_ text: String) throws -> [DateInterval] {
        let pairs = try JSONDecoder().decode([[Double]].self, from: Data(text.utf8))
        return try pairs.map { pair in
            guard pair.count == 2, pair[1] >= pair[0] else { throw UnknownStoredValue(column: "pauses", value: text, type: "pause list") }
            return DateInterval(start: Date(timeIntervalSince1970: pair[0]), end: Date(timeIntervalSince1970: pair[1]))
        }
    }
}
