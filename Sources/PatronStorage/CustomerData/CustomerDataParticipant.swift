import PatronCore
import SQLKit

/// A module that holds records about customers and says how they follow the data-subject rules: moved to the
/// survivor on a merge, deleted or anonymised on erase, handed over in the export. The customer repository
/// knows no module's tables; it asks every registered participant, inside its own transaction.
public protocol CustomerDataParticipant: Sendable {
    /// Moves the duplicate's records to the survivor (and recomputes what derives from them).
    func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws
    /// Deletes the person's records, or strips every personal value from the ones that must stay (a ticket's
    /// counts for the SLA report stay; its text does not).
    func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws
    /// The person's records for the export, decrypted; empty for a module whose records the export carries
    /// another way.
    func export(_ customer: Customer.ID, on sql: any SQLDatabase) async throws -> [CustomerExport.Section: [ExportRecord]]
}

extension CustomerDataParticipant {
    public func export(_ customer: Customer.ID, on sql: any SQLDatabase) async throws -> [CustomerExport.Section: [ExportRecord]] { [:] }
}
