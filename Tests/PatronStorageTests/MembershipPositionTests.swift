import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// The customer 360 reads the membership position from grouped lots and the window's orders only; it must
/// say exactly what the whole state says, for every kind of history the demo makes, both when nothing is
/// due (the compact read) and when expiries or reviews are due (the whole state, advanced in memory).
struct MembershipPositionTests {
    @Test func thePositionIsTheSummaryWithoutItsLots() async throws {
        let asOf = Date(timeIntervalSince1970: 1_790_000_000)
        try await TestDatabase.with { database in
            let loader = DemoLoader(database: database, cipher: FieldCipher(.random()), logger: TestDatabase.logger)
            _ = try await loader.load(.init(seed: 23, asOf: asOf, customerCount: 120, serviceData: false), adminPassword: "demo-password-1")
            let repository = SQLMembershipRepository(database)
            let customers = try await database.read { sql in
                try await sql.raw("SELECT customer_id FROM membership ORDER BY customer_id").all().map { try $0.decode(column: "customer_id", as: UUID.self) }
            }
            #expect(customers.count > 50)
            var compared = 0
            for date in [asOf, asOf.addingTimeInterval(400 * 86_400)] {
                for customer in customers {
                    var whole = try await repository.summary(of: customer, at: date)
                    whole.points.lots = []
                    #expect(try await repository.position(of: customer, at: date) == whole, "customer \(customer) at \(date)")
                    compared += 1
                }
            }
            let withLots = try await database.read { sql in
                try await sql.raw("SELECT COUNT(DISTINCT customer_id) AS n FROM points_lots WHERE remaining > 0").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            #expect(withLots > 20, "the comparison covers customers holding several lots")
            #expect(compared == customers.count * 2)
        }
    }
}
