import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// The demo's customer service, as the walk-through and the console's reports use it.
struct DemoServiceDataTests {
    static func count(_ query: String, on database: Database) async throws -> Int {
        try await database.read { sql in
            try await sql.raw(SQLQueryString(query)).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test func smallDemoHoldsInteractionsTicketsSLAAndSurveyAnswers() async throws {
        try await TestDatabase.with { database in
            let cipher = FieldCipher(.random())
            let loader = DemoLoader(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4), logger: TestDatabase.logger)
            _ = try await loader.load(.init(seed: 5, customerCount: 20), adminPassword: "demo-password-1")

            #expect(try await Self.count("SELECT count(*) AS n FROM interactions WHERE customer_id IS NOT NULL", on: database) >= 5)
            #expect(try await Self.count("SELECT count(*) AS n FROM interactions WHERE customer_id IS NULL", on: database) == 2)
            let statuses = try await database.read { sql in
                try await sql.raw("SELECT DISTINCT status FROM tickets").all().map { try $0.decode(column: "status", as: String.self) }
            }
            #expect(Set(statuses).isSuperset(of: ["new", "assigned", "in_progress", "waiting_on_customer", "resolved", "closed"]))
            #expect(try await Self.count("SELECT count(*) AS n FROM tickets WHERE resolution_code IS NOT NULL", on: database) >= 2)
            #expect(try await Self.count("SELECT count(*) AS n FROM tickets t JOIN ticket_sla s ON s.ticket_id = t.id", on: database)
                == Self.count("SELECT count(*) AS n FROM tickets", on: database))
            #expect(try await Self.count("SELECT count(*) AS n FROM survey_templates WHERE active = TRUE", on: database) == 2)
            #expect(try await Self.count("SELECT count(*) AS n FROM survey_answers WHERE nps IS NOT NULL", on: database) >= 3)
            #expect(try await Self.count("SELECT count(*) AS n FROM survey_answers WHERE csat IS NOT NULL", on: database) >= 1)
            #expect(try await Self.count("SELECT count(*) AS n FROM tickets WHERE category = 'survey'", on: database) >= 1)

            let services = try await PatronServices(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4))
            let caller = Caller.system("test")
            let shanghai = try await services.stores.list(PageRequest(), by: caller).items.first { $0.code == "SH-001" }
            let open = try await services.tickets.list(TicketFilter(storeId: shanghai?.id), page: PageRequest(), by: caller).items
            #expect(open.contains { $0.kind == .complaint && $0.queue == .customerService && $0.isOpen })
        }
    }

    @Test func aSecondLoadAddsNothing() async throws {
        try await TestDatabase.with { database in
            let loader = DemoLoader(database: database, cipher: FieldCipher(.random()), hasher: BcryptPasswordHasher(cost: 4), logger: TestDatabase.logger)
            _ = try await loader.load(.init(seed: 5, customerCount: 20), adminPassword: "demo-password-1")
            let before = try await (Self.count("SELECT count(*) AS n FROM interactions", on: database),
                                    Self.count("SELECT count(*) AS n FROM tickets", on: database),
                                    Self.count("SELECT count(*) AS n FROM survey_answers", on: database))
            await #expect(throws: PatronError.self) {
                try await loader.load(.init(seed: 5, customerCount: 20), adminPassword: "demo-password-1")
            }
            let after = try await (Self.count("SELECT count(*) AS n FROM interactions", on: database),
                                   Self.count("SELECT count(*) AS n FROM tickets", on: database),
                                   Self.count("SELECT count(*) AS n FROM survey_answers", on: database))
            #expect(before == after)
        }
    }
}
