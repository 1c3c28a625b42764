import Foundation
import PatronCore
import SQLKit

/// Persona tags in `customer_personas`, computed by `PersonaComputation` inside the database.
public struct SQLPersonaRepository: PersonaRepository {
    let database: Database
    let rules: PersonaRules

    public init(_ database: Database, rules: PersonaRules = PersonaRules()) {
        self.database = database
        self.rules = rules
    }

    public func tags(of customer: Customer.ID) async throws -> [PersonaScore] {
        try await database.read { sql in
            try await sql.select().columns("kind", "value", "score", "computed_at").from("customer_personas")
                .where("customer_id", .equal, customer).all()
                .map { row in
                    PersonaScore(tag: PersonaTag(kind: try row.decodeEnum(column: "kind", as: PersonaKind.self),
                                                 value: try row.decode(column: "value", as: String.self)),
                                 score: try row.decode(column: "score", as: Double.self),
                                 computedAt: try row.decode(column: "computed_at", as: Date.self))
                }
                .sorted { $0.tag.kind != $1.tag.kind ? $0.tag.kind < $1.tag.kind : $0.score > $1.score }
        }
    }

    public func refresh(at date: Date) async throws -> PersonaRefreshReport {
        let computation = PersonaComputation(rules: rules, dialect: database.dialect)
        return try await database.transaction { sql in
            try await computation.recomputeAll(at: date, on: sql)
            let row = try await sql.raw("""
                SELECT COUNT(*) AS tags, COUNT(DISTINCT customer_id) AS customers FROM customer_personas
                """).first()
            return PersonaRefreshReport(customers: try row?.decode(column: "customers", as: Int.self) ?? 0,
                                        tags: try row?.decode(column: "tags", as: Int.self) ?? 0, computedAt: date)
        }
    }

    public func tagCounts() async throws -> [PersonaTagCount] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT p.kind, p.value, COUNT(*) AS customers FROM customer_personas p
                JOIN customers c ON c.id = p.customer_id
                WHERE c.erased_at IS NULL AND c.merged_into IS NULL
                GROUP BY p.kind, p.value
                """).all().map { row in
                PersonaTagCount(tag: PersonaTag(kind: try row.decodeEnum(column: "kind", as: PersonaKind.self),
                                                value: try row.decode(column: "value", as: String.self)),
                                customers: try row.decode(column: "customers", as: Int.self))
            }
        }
    }
}
