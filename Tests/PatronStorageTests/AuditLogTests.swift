import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct AuditLogTests {
    @Test func theAuditLogRefusesUpdatesAndDeletesInTheDatabaseItself() async throws {
        try await TestDatabase.with { database in
            let log = SQLAuditLog(database)
            try await log.append([AuditEvent(actor: .init(kind: .system, id: nil, name: "t"), action: "x.happened")])
            await #expect(throws: (any Error).self) {
                try await database.transaction { sql in try await sql.raw("UPDATE audit_log SET action = 'rewritten'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.transaction { sql in try await sql.raw("DELETE FROM audit_log").run() }
            }
            let page = try await log.list(AuditFilter(), page: PageRequest())
            #expect(page.items.map(\.action) == ["x.happened"])
        }
    }

    @Test func pagesNewestFirstWithFilters() async throws {
        try await TestDatabase.with { database in
            let log = SQLAuditLog(database)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            var events: [AuditEvent] = []
            for index in 0..<25 {
                let actor = AuditEvent.Actor(kind: .staff, id: index % 2 == 0 ? "a" : "b", name: nil)
                let at = start.addingTimeInterval(Double(index / 2))
                let action = index % 3 == 0 ? "login.failed" : "store.updated"
                events.append(AuditEvent(at: at, actor: actor, action: action, details: ["n": String(index)]))
            }
            try await log.append(events)
            var seen: [AuditEvent] = []
            var cursor: String?
            repeat {
                let page = try await log.list(AuditFilter(), page: PageRequest(cursor: cursor, limit: 4))
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 25)
            #expect(Set(seen.map(\.id)).count == 25)
            #expect(seen.map(\.at) == seen.map(\.at).sorted(by: >))
            #expect(seen.first?.details["n"].map { Int($0)! >= 23 } == true)
            let failures = try await log.list(AuditFilter(actorId: "a", action: "login.failed"), page: PageRequest(limit: 200))
            #expect(failures.items.count == events.filter { $0.actor.id == "a" && $0.action == "login.failed" }.count)
            let window = try await log.list(AuditFilter(from: start.addingTimeInterval(3), to: start.addingTimeInterval(5)), page: PageRequest(limit: 200))
            #expect(window.items.count == 4)
        }
    }
}
