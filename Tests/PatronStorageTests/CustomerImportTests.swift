import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct CustomerImportTests {
    @Test func csvQuotesCommasAndLineBreaks() {
        let records = Array(CSVReader(text: "\u{FEFF}name,notes\r\n\"赵, 六\",\"说 \"\"你好\"\"\nsecond line\"\n王五,\n"))
        #expect(records.map(\.fields) == [["name", "notes"], ["赵, 六", "说 \"你好\"\nsecond line"], ["王五", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func rowsAreStoredWholeOrRejectedWithLineFieldAndReason() async throws {
        try await TestDatabase.with { database in
            let cipher = try await FieldCipher.load(.random(), database: database)
            let csv = CSVReader(text: """
                name,mobile,email,birthday,tags,attr.shoesize
                张三,13800001111,zhang@example.cn,1990-01-01,vip;new,40
                李四,12345,,,,
                王五,+86 138-0000-1111,,,,
                赵六,13800002222,,2999-01-01,,
                孙八,13800004444,,,,forty
                周九,13800005555,zhou@example.cn,,,
                只有名字
                """)
            let report = try await CustomerImport(database: database, cipher: cipher, batchSize: 2)
                .run(csv, source: "test.csv", actor: .init(kind: .system, id: nil, name: "test"))
            #expect(report.imported == 2)
            #expect(report.rejections.map(\.line) == [3, 4, 5, 6, 8])
            #expect(report.rejections.map(\.field) == ["mobile", "mobile", "birthday", "attr.shoeSize", nil])
            let repository = SQLCustomerRepository(database, cipher: cipher)
            let zhang = try #require(try await repository.find(.mobile(MobileNumber("13800001111"))))
            #expect(zhang.tags == ["new", "vip"])
            #expect(zhang.attributes["shoeSize"] == .integer(40))
            #expect(zhang.sourceChannel == .import)
            let history = try await repository.history(zhang.id, page: PageRequest())
            #expect(history.items.map(\.channel) == ["import"])

            let again = try await CustomerImport(database: database, cipher: cipher)
                .run(CSVReader(text: "name,mobile\n张三,13800001111\n新人,13800009999\n"), source: "again.csv",
                     actor: .init(kind: .system, id: nil, name: "test"))
            #expect(again.imported == 1)
            #expect(again.rejections.first?.reason.contains(zhang.id.uuidString.lowercased()) == true)
            let count = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM customers").first()!.decode(column: "n", as: Int.self)
            }
            #expect(count == 3)
        }
    }

    @Test func anUnknownColumnStopsTheImportBeforeAnyRow() async throws {
        try await TestDatabase.with { database in
            let cipher = try await FieldCipher.load(.random(), database: database)
            await #expect(throws: PatronError.self) {
                try await CustomerImport(database: database, cipher: cipher)
                    .run(CSVReader(text: "name,mobile,religion\n张三,13800001111,x\n"), source: "x.csv", actor: .init(kind: .system, id: nil, name: "t"))
            }
        }
    }
}
