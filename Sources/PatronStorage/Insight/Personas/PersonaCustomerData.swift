import Foundation
import PatronCore
import SQLKit

/// Persona tags follow the customer: a merge recomputes the survivor from the orders it now holds (the
/// duplicate's tags go), an erase deletes them. Tags are derived, not given, so the export leaves them out.
public struct PersonaCustomerData: CustomerDataParticipant {
    let rules: PersonaRules

    public init(rules: PersonaRules = PersonaRules()) {
        self.rules = rules
    }

    public func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws {
        let computation = PersonaComputation(rules: rules, dialect: SQLDialect(of: sql))
        try await computation.forget(duplicate, on: sql)
        try await computation.recompute(survivor, at: Date(), on: sql)
    }

    public func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        let computation = PersonaComputation(rules: rules, dialect: SQLDialect(of: sql))
        try await computation.forget(customer, on: sql)
    }
}
