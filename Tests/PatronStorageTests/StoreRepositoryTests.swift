import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

struct StoreRepositoryTests {
    @Test func storesRoundTripAndPageInCodeOrder() async throws {
        try await TestDatabase.with { database in
            let stores = SQLStoreRepository(database)
            let created = (1...5).map { Store(code: "S-\($0)", name: "门店\($0)", city: "杭州", region: "华东", isOnline: $0 == 5) }
            for store in created.reversed() { try await stores.create(store, audit: .test) }
            let found = try #require(try await stores.find(created[4].id))
            #expect(found.code == "S-5")
            #expect(found.isOnline)
            #expect(abs(found.createdAt.timeIntervalSince(created[4].createdAt)) < 0.001)

            let first = try await stores.list(PageRequest(limit: 2))
            #expect(first.items.map(\.code) == ["S-1", "S-2"])
            let second = try await stores.list(PageRequest(cursor: first.nextCursor, limit: 2))
            #expect(second.items.map(\.code) == ["S-3", "S-4"])
            let last = try await stores.list(PageRequest(cursor: second.nextCursor, limit: 2))
            #expect(last.items.map(\.code) == ["S-5"])
            #expect(last.nextCursor == nil)
        }
    }

    @Test func aDuplicateCodeIsAConflictAndChangesNothing() async throws {
        try await TestDatabase.with { database in
            let stores = SQLStoreRepository(database)
            try await stores.create(Store(code: "SH-001", name: "原店", city: "上海", region: "华东"), audit: .test)
            await #expect(throws: PatronError.conflict(field: "code", message: "a store with code SH-001 already exists")) {
                try await stores.create(Store(code: "SH-001", name: "新店", city: "上海", region: "华东"), audit: .test)
            }
            #expect(try await stores.list(PageRequest()).items.map(\.name) == ["原店"])
        }
    }

    @Test func invalidStoresAreRejectedBeforeStorage() async throws {
        try await TestDatabase.with { database in
            let stores = SQLStoreRepository(database)
            do {
                _ = try await StoreService(stores: stores).create(Store(code: "X", name: "店", city: "上海", region: "华东", timeZone: "Mars/Olympus"),
                                                                  by: .system("test"), requestId: nil)
                Issue.record("accepted an unknown time zone")
            } catch let error as PatronError {
                #expect(error.field == "timeZone")
            }
            #expect(try await stores.list(PageRequest()).items.isEmpty)
        }
    }

    @Test func aForgedCursorIsRejected() async throws {
        try await TestDatabase.with { database in
            await #expect(throws: PatronError.self) {
                try await SQLStoreRepository(database).list(PageRequest(cursor: "%%%not-base64"))
            }
        }
    }
}
