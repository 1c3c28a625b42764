import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// Issue 17, acceptance 1 for files: seeded rows full of integer edges, fractions, overflowing and odd
/// Unicode values go through the three importers. Every row is either stored whole or rejected with a
/// reason, the run finishes, and nothing stored breaks the documented limits.
struct ImporterHostileRowsTests {
    static let integers = ["0", "1", "-1", "2147483648", "-2147483648", "9007199254740992", "4611686018427387904", "9223372036854775807",
                           "-9223372036854775808", "9223372036854775808", "1099511627776", "1.5", "1e400", "100001", "1000000000001", "abc", ""]
    static let texts = ["", "张伟", String(repeating: "长", count: 400), "\u{0000}", "a\u{0000}b", "\u{202E}x", "👩‍👩‍👧‍👦", "' OR 1=1 --",
                        "150abc23132189", "+86 138 0013 8000", "13800138000", "2026-02-30", "1990-01-01", "女", "female", "store", " "]

    static func csvField(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    @Test func hostileCustomerRowsAreStoredWholeOrRejected() async throws {
        try await TestDatabase.with { database in
            let cipher = try await FieldCipher.load(.random(), database: database)
            var random = SeededGenerator(seed: 41)
            var lines = ["name,mobile,email,gender,birthday,birthday_lunar,source_channel,tags,attr.shoesize"]
            for _ in 0..<150 {
                let row = [Self.texts.randomElement(using: &random)!, Self.texts.randomElement(using: &random)!,
                           ["a@b.cn", "", "not-an-email", Self.texts.randomElement(using: &random)!].randomElement(using: &random)!,
                           ["female", "", Self.texts.randomElement(using: &random)!].randomElement(using: &random)!,
                           ["1990-01-01", "", Self.texts.randomElement(using: &random)!].randomElement(using: &random)!,
                           ["true", "yes", ""].randomElement(using: &random)!, ["store", "app", Self.texts.randomElement(using: &random)!].randomElement(using: &random)!,
                           Self.texts.randomElement(using: &random)!, Self.integers.randomElement(using: &random)!]
                lines.append(row.map(Self.csvField).joined(separator: ","))
            }
            let report = try await CustomerImport(database: database, cipher: cipher, batchSize: 16)
                .run(CSVReader(text: lines.joined(separator: "\n")), source: "hostile.csv", actor: .init(kind: .system, id: nil, name: "test"))
            #expect(report.imported + report.rejections.count == 150)
            #expect(report.rejections.count > 0 && report.imported > 0, "both outcomes were exercised: \(report.imported) stored")
            let duplicate = try? await CustomerImport(database: database, cipher: cipher)
                .run(CSVReader(text: "name,name\n张三,李四\n"), source: "dup.csv", actor: .init(kind: .system, id: nil, name: "test"))
            #expect(duplicate == nil || duplicate!.imported == 0)
        }
    }

    @Test func hostileOrderRowsAreStoredWholeOrRejectedWithinTheLimits() async throws {
        try await TestDatabase.with { database in
            let cipher = try await OrderImportTests.prepared(database)
            var random = SeededGenerator(seed: 43)
            var jsonLines: [String] = []
            var csvLines = ["store_code,pos_number,occurred_at,sku,quantity,unit_price,line_discount,order_discount,payments"]
            for index in 0..<120 {
                let quantity = Self.integers.randomElement(using: &random)!
                let price = Self.integers.randomElement(using: &random)!
                let amount = Self.integers.randomElement(using: &random)!
                let discount = ["0", Self.integers.randomElement(using: &random)!].randomElement(using: &random)!
                jsonLines.append(#"{"storeCode":"SH-001","posNumber":"H-\#(index)","occurredAt":"2026-02-01T10:00:00Z","orderDiscount":\#(discount.isEmpty ? "0" : discount),"lines":[{"sku":"W-TOP-002","quantity":\#(quantity.isEmpty ? "1" : quantity),"unitPrice":\#(price.isEmpty ? "1" : price)}],"payments":[{"method":"cash","amount":\#(amount.isEmpty ? "1" : amount)}]}"#)
                csvLines.append(["SH-001", "C-\(index)", "2026-02-01T10:00:00Z", "W-TOP-002", quantity, price, discount, "0", "cash:\(amount)"]
                    .map(Self.csvField).joined(separator: ","))
            }
            jsonLines.append(#"{"storeCode":"SH-001","posNumber":"H-ok","occurredAt":"2026-02-01T10:00:00Z","lines":[{"sku":"W-TOP-002","quantity":2,"unitPrice":9900}],"payments":[{"method":"cash","amount":19800}]}"#)
            let jsonl = try OrderImportTests.write(jsonLines.joined(separator: "\n"), suffix: ".jsonl")
            let fromJSON = try await OrderImport(database: database, cipher: cipher, batchSize: 7).run(jsonl)
            #expect(fromJSON.imported + fromJSON.rejections.count == jsonLines.count)
            #expect(fromJSON.imported >= 1)
            let csv = try OrderImportTests.write(csvLines.joined(separator: "\n"), suffix: ".csv")
            let fromCSV = try await OrderImport(database: database, cipher: cipher, batchSize: 7).run(csv)
            #expect(fromCSV.imported + fromCSV.rejections.count == csvLines.count - 1)
            let outOfBounds = try await database.read { sql in
                try await sql.raw("""
                    SELECT count(*) AS n FROM order_lines WHERE quantity < 1 OR quantity > 100000 OR unit_price < 0 OR unit_price > 1000000000000
                    """).first()!.decode(column: "n", as: Int.self)
            }
            #expect(outOfBounds == 0)
        }
    }

    @Test func hostileProductRowsAreStoredWholeOrRejected() async throws {
        try await TestDatabase.with { database in
            _ = try await OrderImportTests.prepared(database)
            var random = SeededGenerator(seed: 47)
            var lines = ["sku,name_zh,name_en,list_price,currency,active"]
            for index in 0..<80 {
                lines.append(["HX-\(index)", Self.texts.randomElement(using: &random)!, Self.texts.randomElement(using: &random)!,
                              Self.integers.randomElement(using: &random)!, ["CNY", "usd", "€€€", ""].randomElement(using: &random)!,
                              ["true", "maybe", ""].randomElement(using: &random)!].map(Self.csvField).joined(separator: ","))
            }
            let catalogue = CatalogueService(products: SQLProductRepository(database))
            let (created, updated, rejections) = try await ProductImport.run(CSVReader(text: lines.joined(separator: "\n")), into: catalogue,
                                                                             by: .system("test"))
            #expect(created + updated + rejections.count == 80)
            #expect(rejections.count > 0)
            let tooDear = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM products WHERE list_price < 0 OR list_price > 1000000000000").first()!.decode(column: "n", as: Int.self)
            }
            #expect(tooDear == 0)
        }
    }
}
