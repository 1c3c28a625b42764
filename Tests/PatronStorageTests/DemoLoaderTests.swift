import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct DemoLoaderTests {
    @Test func loadsEveryRowAndTotalsMatchTheGenerator() async throws {
        let options = DemoDataSet.Options(seed: 11, asOf: Date(timeIntervalSince1970: 1_790_000_000), customerCount: 200)
        let expected = DemoDataSet.generate(options)
        try await TestDatabase.with { database in
            let loader = DemoLoader(database: database, cipher: FieldCipher(.random()), logger: TestDatabase.logger)
            #expect(try await loader.databaseIsEmpty())
            let summary = try await loader.load(options, adminPassword: "demo-password-1")
            #expect(summary == .init(stores: expected.stores.count, products: expected.products.count,
                                     customers: expected.customers.count, orders: expected.orders.count, staff: 11))
            let totals = try await database.read { sql in
                let row = try await sql.raw("SELECT count(*) AS n, CAST(sum(total) AS BIGINT) AS s FROM orders").first()!
                let lines = try await sql.raw("SELECT CAST(sum(line_total) AS BIGINT) AS s FROM order_lines").first()!
                let paid = try await sql.raw("SELECT CAST(sum(amount) AS BIGINT) AS s FROM order_payments").first()!
                let discounts = try await sql.raw("SELECT CAST(sum(order_discount) AS BIGINT) AS s FROM orders").first()!
                return try (row.decode(column: "n", as: Int.self), row.decode(column: "s", as: Int64.self),
                            lines.decode(column: "s", as: Int64.self), paid.decode(column: "s", as: Int64.self),
                            discounts.decode(column: "s", as: Int64.self))
            }
            #expect(totals.0 == expected.orders.count)
            #expect(totals.1 == expected.orders.reduce(0) { $0 + $1.totalMinor })
            #expect(totals.2 - totals.4 == totals.1)
            #expect(totals.3 == totals.1)
            #expect(try await SQLStaffRepository(database).findForLogin(username: "admin")?.member.roles == ["administrator"])
        }
    }

    @Test func refusesADatabaseThatAlreadyHoldsData() async throws {
        try await TestDatabase.with { database in
            try await SQLStoreRepository(database).create(Store(code: "MINE", name: "自有店", city: "上海", region: "华东"), audit: .test)
            let loader = DemoLoader(database: database, cipher: FieldCipher(.random()), logger: TestDatabase.logger)
            await #expect(throws: PatronError.self) {
                try await loader.load(.init(seed: 1, customerCount: 10), adminPassword: "demo-password-1")
            }
            #expect(try await SQLStoreRepository(database).list(PageRequest()).items.map(\.code) == ["MINE"])
        }
    }
}
