import Foundation

/// The SLA module's breach escalation, done by the ticket service as Patron itself: one priority level up,
/// marked for the supervisor view of its queue, recorded in the ticket's history and the audit log.
public struct TicketSLAEscalator: TicketEscalator {
    let tickets: TicketService
    let caller = Caller.system("sla escalation")

    public init(tickets: TicketService) {
        self.tickets = tickets
    }

    public func escalate(ticket: UUID, target: SLATargetKind, at: Date) async throws {
        _ = try await tickets.escalate(ticket, reason: "sla_breach:\(target.rawValue)", by: caller, requestId: nil)
    }
}
