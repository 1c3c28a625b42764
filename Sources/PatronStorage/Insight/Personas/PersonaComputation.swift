import Foundation
import PatronCore
import SQLKit

/// Computes persona tags on a transaction: for one customer (after an order, a refund or a merge) or for
/// everyone (a refresh). Both go through the same statements, so a refresh gives exactly what the
/// per-event updates gave.
struct PersonaComputation: Sendable {
    let rules: PersonaRules
    let dialect: SQLDialect

    private var facts: PersonaFacts { PersonaFacts(rules: rules, dialect: dialect) }

    /// Replaces one customer's facts and tags.
    func recompute(_ customer: Customer.ID, at date: Date, on sql: any SQLDatabase) async throws {
        try await PersonaPriceLadder(rules: rules).ensure(on: sql)
        try await facts.clear(customer, on: sql)
        try await facts.build(customer, at: date, on: sql)
        try await PersonaTagRules(rules: rules).insert(customer, at: date, on: sql)
    }

    /// Replaces every customer's facts and tags (and the price ladder). Erased customers and merged
    /// duplicates keep no facts: their orders are anonymous or belong to the survivor.
    func recomputeAll(at date: Date, on sql: any SQLDatabase) async throws {
        try await dialect.refreshStatistics(["orders", "order_lines", "order_returns", "order_return_lines", "products"], on: sql)
        try await PersonaPriceLadder(rules: rules).rebuild(on: sql)
        try await facts.clear(nil, on: sql)
        try await facts.build(nil, at: date, on: sql)
        for table in ["persona_store_facts", "persona_category_facts"] {
            try await sql.raw("""
                DELETE FROM \(ident: table) WHERE customer_id IN
                    (SELECT id FROM customers WHERE erased_at IS NOT NULL OR merged_into IS NOT NULL)
                """).run()
        }
        try await PersonaTagRules(rules: rules).insert(nil, at: date, on: sql)
    }

    /// Deletes a customer's facts and tags.
    func forget(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        try await facts.clear(customer, on: sql)
    }
}
