import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct TransactionTests {
    struct Boom: Error {}

    @Test func aFailedTransactionLeavesNothingBehind() async throws {
        try await TestDatabase.with { database in
            let stores = SQLStoreRepository(database)
            try await stores.create(Store(code: "KEEP", name: "留", city: "上海", region: "华东"), audit: .test)
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await sql.raw("UPDATE stores SET name = 'changed'").run()
                    try await sql.raw("DELETE FROM stores").run()
                    throw Boom()
                }
            }
            let page = try await stores.list(PageRequest())
            #expect(page.items.map(\.name) == ["留"])
        }
    }

    @Test func concurrentWritersAllCommit() async throws {
        try await TestDatabase.with { database in
            let stores = SQLStoreRepository(database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await stores.create(Store(code: "C\(index)", name: "店\(index)", city: "北京", region: "华北"), audit: .test)
                    }
                }
                try await group.waitForAll()
            }
            let all = try await stores.list(PageRequest(limit: 200))
            #expect(all.items.count == 40)
        }
    }
}
