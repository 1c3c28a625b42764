import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct OrderImportTests {
    static func prepared(_ database: Database) async throws -> FieldCipher {
        let demo = DemoDataSet.generate(.init(seed: 1, customerCount: 0))
        try await SQLOrderRepository.loadCatalogue(stores: demo.stores, categories: demo.categories, products: demo.products, into: database)
        return try await FieldCipher.load(.random(), database: database)
    }

    static func write(_ text: String, suffix: String) throws -> String {
        let path = TestDatabase.temporarySQLitePath() + suffix
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func jsonLinesAreCheckedLikeTheAPIAndARerunSkipsWhatIsThere() async throws {
        try await TestDatabase.with { database in
            let cipher = try await Self.prepared(database)
            let file = try Self.write("""
                {"storeCode":"SH-001","posNumber":"J-1","occurredAt":"2026-02-01T10:00:00Z","lines":[{"sku":"W-TOP-002","quantity":2,"unitPrice":9900}],"payments":[{"method":"cash","amount":19800}]}
                {"storeCode":"SH-001","posNumber":"J-2","occurredAt":"2026-02-01T10:00:00Z","lines":[{"sku":"W-TOP-002","quantity":1,"unitPrice":9900}],"payments":[{"method":"cash","amount":100}]}
                not json
                {"storeCode":"XX-999","posNumber":"J-3","occurredAt":"2026-02-01T10:00:00Z","lines":[{"sku":"W-TOP-002","quantity":1,"unitPrice":9900}],"payments":[{"method":"cash","amount":9900}]}
                {"storeCode":"SH-001","posNumber":"J-1","occurredAt":"2026-02-01T10:00:00Z","lines":[{"sku":"W-TOP-002","quantity":2,"unitPrice":9900}],"payments":[{"method":"cash","amount":19800}]}
                {"storeCode":"BJ-001","posNumber":"J-4","occurredAt":"2026-02-02T10:00:00Z","lines":[{"sku":"M-TEE-001","quantity":1,"unitPrice":7900}],"payments":[{"method":"alipay","amount":7900}]}
                """, suffix: ".jsonl")
            let first = try await OrderImport(database: database, cipher: cipher, batchSize: 2).run(file)
            #expect(first.imported == 2)
            #expect(first.rejections.map(\.line) == [2, 3, 4, 5])
            #expect(first.rejections.map(\.field) == ["payments", nil, "storeCode", "posNumber"])
            let second = try await OrderImport(database: database, cipher: cipher).run(file)
            #expect(second.imported == 0)
            #expect(second.skipped == 2)
            let totals = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n, CAST(sum(total) AS BIGINT) AS s FROM orders").first()!
            }
            #expect(try totals.decode(column: "n", as: Int.self) == 2)
            #expect(try totals.decode(column: "s", as: Int64.self) == 19_800 + 7_900)
        }
    }

    @Test func csvRowsOfOneOrderAreGroupedAndStoredWhole() async throws {
        try await TestDatabase.with { database in
            let cipher = try await Self.prepared(database)
            let file = try Self.write("""
                store_code,pos_number,channel,occurred_at,sku,quantity,unit_price,line_discount,order_discount,payments
                SH-001,C-1,store,2026-02-01T10:00:00Z,W-TOP-002,2,9900,0,800,wechat_pay:20000;cash:6900
                SH-001,C-1,store,2026-02-01T10:00:00Z,M-TEE-001,1,7900,0,,
                SH-001,C-2,store,2026-02-01T11:00:00Z,W-TOP-002,1,9900,0,,cash:10000
                SH-001,C-2,store,2026-02-01T11:00:00Z,NO-SKU,1,100,0,,
                """, suffix: ".csv")
            let report = try await OrderImport(database: database, cipher: cipher).run(file)
            #expect(report.imported == 1)
            #expect(report.rejections.map(\.line) == [4])
            #expect(report.rejections.first?.field == "lines[1].sku")
            let order = try #require(try await SQLOrderRepository(database).list(OrderFilter(), page: PageRequest()).items.first)
            #expect(order.posNumber == "C-1")
            #expect(order.lines.count == 2)
            #expect(order.totalMinor == 26_900)
        }
    }
}
