import Foundation

/// Persistence for interactions. Writes link an unidentified contact to the live profile holding the same
/// identifier, are idempotent on (channel, externalId), publish `.interactionLogged` for what they create, and
/// store the audit event, all in one transaction.
public protocol InteractionRepository: Sendable {
    func find(_ id: Interaction.ID) async throws -> Interaction?
    /// Whether a ticket exists, so an interaction can be linked to it.
    func ticketExists(_ id: UUID) async throws -> Bool
    /// Newest first.
    func list(customer: Customer.ID, page: PageRequest) async throws -> Page<Interaction>
    /// Checked interactions in one transaction, each answered on its own in the given order.
    func ingest(_ interactions: [Interaction], audit: AuditEvent) async throws -> [InteractionOutcome]
}

/// The answer for one interaction written.
public enum InteractionOutcome: Sendable, Equatable {
    case created(Interaction)
    /// An interaction with the same channel and externalId was stored before; this is the stored one.
    case existing(Interaction)

    public var interaction: Interaction {
        switch self {
        case .created(let interaction), .existing(let interaction): interaction
        }
    }
}

/// The answer for one interaction of a batch.
public enum InteractionBatchOutcome: Sendable, Equatable {
    case created(Interaction.ID)
    case existing(Interaction.ID)
    case rejected(PatronError)
}
