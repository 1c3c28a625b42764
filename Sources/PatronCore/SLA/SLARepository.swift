import Foundation

/// Persistence for calendars, policies and the tickets' SLA records, seen from the domain. Settings changes
/// are stored with their audit event.
public protocol SLARepository: Sendable {
    func calendars() async throws -> [BusinessCalendar]
    func calendar(code: String) async throws -> BusinessCalendar?
    /// Creates or replaces the calendar with this code; true when it was created.
    func save(_ calendar: BusinessCalendar, audit: AuditEvent) async throws -> Bool
    /// Refuses (`conflict`) while a policy counts in it; false when there was none.
    func deleteCalendar(code: String, audit: AuditEvent) async throws -> Bool

    func policies() async throws -> [SLAPolicy]
    func policy(_ id: SLAPolicy.ID) async throws -> SLAPolicy?
    /// Creates or replaces; one policy per channel (or any) and priority (`conflict` otherwise).
    func save(_ policy: SLAPolicy, audit: AuditEvent) async throws -> Bool
    func deletePolicy(_ id: SLAPolicy.ID, audit: AuditEvent) async throws -> Bool

    func tickets(_ ids: [UUID]) async throws -> [TicketSLA]
    /// Tickets opened in `[from, to)`, of `store` when given.
    func outcomes(from: Date, to: Date, store: Store.ID?) async throws -> [SLAReport.Outcome]

    /// Marks every running target due by `now` breached, once, and records the breach for escalation; answers
    /// the breaches recorded.
    func recordBreaches(at now: Date) async throws -> [SLABreach]
    /// Breaches the escalator has yet to handle, oldest first.
    func pendingEscalations(limit: Int) async throws -> [SLABreach]
    /// Records an escalation attempt: `done`, or another failure (`failed` after the last attempt).
    func recordEscalation(_ breach: SLABreach, succeeded: Bool, at: Date) async throws
}
