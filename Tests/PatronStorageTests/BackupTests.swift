import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import SQLiteKit
import Testing

/// Backup and restore are for the embedded engine; PostgreSQL deployments use pg_dump.
@Suite(.enabled(if: TestDatabase.engine == .sqlite))
struct BackupTests {
    actor Committed {
        var codes: [String] = []
        var stop = false
        func add(_ code: String) { codes.append(code) }
        func halt() { stop = true }
    }

    @Test func aBackupTakenDuringWritesHoldsEveryEarlierCommit() async throws {
        let url = try await TestDatabase.makeURL()
        let target = TestDatabase.temporarySQLitePath()
        let committedBefore = try await Database.withOpen(url, logger: TestDatabase.logger) { database in
            try await Migrator(database, logger: TestDatabase.logger).apply()
            let stores = SQLStoreRepository(database)
            let committed = Committed()
            let writer = Task {
                var index = 0
                while await !committed.stop {
                    let code = "W\(index)"
                    try await stores.create(Store(code: code, name: "写入\(index)", city: "上海", region: "华东"), audit: .test)
                    await committed.add(code)
                    index += 1
                }
            }
            while await committed.codes.count < 50 { await Task.yield() }
            let before = await committed.codes
            try await SQLiteBackup.backup(database, to: target)
            while await committed.codes.count < before.count + 20 { await Task.yield() }
            await committed.halt()
            try await writer.value
            return before
        }
        #expect(try await SQLiteBackup.verify(target) == Migrator.latestVersion)
        let restoredCodes = try await Database.withOpen(.sqlite(path: target), logger: TestDatabase.logger) { database in
            let check = try await database.read { sql in
                try await sql.raw("PRAGMA integrity_check").first()!.decode(column: "integrity_check", as: String.self)
            }
            #expect(check == "ok")
            return try await database.read { sql in
                Set(try await sql.select().column("code").from("stores").all().map { try $0.decode(column: "code", as: String.self) })
            }
        }
        #expect(Set(committedBefore).isSubset(of: restoredCodes))
    }

    @Test func restoreRefusesToOverwriteWithoutForceAndSwapsWithIt() async throws {
        let live = try await TestDatabase.makeURL()
        guard case .sqlite(let livePath) = live else { return }
        let backupFile = TestDatabase.temporarySQLitePath()
        try await Database.withOpen(live, logger: TestDatabase.logger) { database in
            try await Migrator(database, logger: TestDatabase.logger).apply()
            try await SQLStoreRepository(database).create(Store(code: "OLD", name: "旧", city: "上海", region: "华东"), audit: .test)
            try await SQLiteBackup.backup(database, to: backupFile)
            try await SQLStoreRepository(database).create(Store(code: "NEW", name: "新", city: "上海", region: "华东"), audit: .test)
        }
        await #expect(throws: PatronError.self) {
            try await SQLiteBackup.restore(from: backupFile, to: livePath, force: false)
        }
        let codes = try await Database.withOpen(live, logger: TestDatabase.logger) { database in
            try await SQLStoreRepository(database).list(PageRequest()).items.map(\.code)
        }
        #expect(codes == ["NEW", "OLD"])
        try await SQLiteBackup.restore(from: backupFile, to: livePath, force: true)
        let restored = try await Database.withOpen(live, logger: TestDatabase.logger) { database in
            try await SQLStoreRepository(database).list(PageRequest()).items.map(\.code)
        }
        #expect(restored == ["OLD"])
    }

    @Test func aFileThatIsNotABackupIsRefused() async throws {
        let junk = TestDatabase.temporarySQLitePath()
        try Data("this is not a database".utf8).write(to: URL(fileURLWithPath: junk))
        await #expect(throws: PatronError.self) { try await SQLiteBackup.verify(junk) }
        await #expect(throws: PatronError.self) {
            try await SQLiteBackup.restore(from: junk, to: TestDatabase.temporarySQLitePath(), force: true)
        }
    }
}
