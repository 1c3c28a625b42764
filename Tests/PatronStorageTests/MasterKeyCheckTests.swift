import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// A database with personal data is never opened with the wrong master key, and a lost key file is never
/// silently replaced by a fresh one.
struct MasterKeyCheckTests {
    static func sealSomething(_ database: Database, master: MasterKey) async throws {
        let cipher = try await FieldCipher.load(master, database: database)
        let person = DemoDataSet.generate(.init(seed: 3, customerCount: 1)).customers[0]
        var stored = person
        stored.preferredStoreId = nil
        try await SQLCustomerRepository(database, cipher: cipher).insert(stored, changes: [], audit: .test)
    }

    @Test func aDifferentMasterKeyIsRefusedNamingTheExpectedFingerprint() async throws {
        let original = MasterKey.random()
        let other = MasterKey.random()
        try await TestDatabase.with { database in
            try await Self.sealSomething(database, master: original)
            do {
                _ = try await FieldCipher.load(other, database: database)
                Issue.record("a foreign master key was accepted")
            } catch let error as PatronError {
                guard case .keyMismatch(let expected, let message) = error else { Issue.record("wrong error \(error)"); return }
                #expect(expected == original.fingerprint)
                #expect(message.contains(original.fingerprint) && message.contains(other.fingerprint))
                #expect(message.contains("PATRON_MASTER_KEY") && message.contains("backup"))
                #expect(!message.contains(original.base64) && !message.contains(other.base64), "the key itself is never shown")
                #expect(error.code == "key_mismatch")
            }
            #expect(try await FieldCipher.load(original, database: database).keyring.fingerprint == original.fingerprint)
            let keys = try await database.read { sql in try await sql.select().column("id").from("encryption_keys").all().count }
            #expect(keys == 1, "the refused start wrote no data key")
        }
    }

    @Test func aDatabaseFromBeforeFingerprintsIsCheckedByOpeningItsData() async throws {
        let original = MasterKey.random()
        try await TestDatabase.with { database in
            try await Self.sealSomething(database, master: original)
            try await database.transaction { sql in
                try await sql.delete(from: "settings").where("key", .equal, "security.master_key_fingerprint").run()
            }
            #expect(try await MasterKeyCheck.state(of: database) == .sealed(fingerprint: nil))
            await #expect(throws: PatronError.self) { _ = try await FieldCipher.load(.random(), database: database) }
            _ = try await FieldCipher.load(original, database: database)
            #expect(try await MasterKeyCheck.state(of: database) == .sealed(fingerprint: original.fingerprint), "recorded once it opened the data")
        }
    }

    @Test func aMissingKeyFileIsNotCreatedWhenDataExists() async throws {
        let original = MasterKey.random()
        try await TestDatabase.with { database in
            let keyFile = TestDatabase.temporarySQLitePath() + ".key"
            #expect(try await MasterKeyCheck.state(of: database) == .empty)
            let fresh = try await MasterKey.load(environment: nil, keyFile: keyFile, guarding: database)
            #expect(FileManager.default.fileExists(atPath: keyFile), "an empty database may get a new key")
            try FileManager.default.removeItem(atPath: keyFile)

            try await Self.sealSomething(database, master: fresh)
            do {
                _ = try await MasterKey.load(environment: nil, keyFile: keyFile, guarding: database)
                Issue.record("a fresh key was created over existing ciphertext")
            } catch let error as PatronError {
                guard case .keyMismatch(let expected, let message) = error else { Issue.record("wrong error \(error)"); return }
                #expect(expected == fresh.fingerprint)
                #expect(message.contains(keyFile))
            }
            #expect(!FileManager.default.fileExists(atPath: keyFile))
            let fromEnvironment = try await MasterKey.load(environment: fresh.base64, keyFile: keyFile, guarding: database)
            #expect(fromEnvironment.fingerprint == fresh.fingerprint)
            #expect(original.fingerprint != fresh.fingerprint)
        }
    }

    @Test func keyRotationKeepsTheGuard() async throws {
        let original = MasterKey.random()
        try await TestDatabase.with { database in
            try await Self.sealSomething(database, master: original)
            let cipher = try await FieldCipher.load(original, database: database)
            _ = try await KeyRotation(database: database, keyring: cipher.keyring, settle: .zero).rotate()
            #expect(try await MasterKeyCheck.state(of: database) == .sealed(fingerprint: original.fingerprint))
            await #expect(throws: PatronError.self) { _ = try await FieldCipher.load(.random(), database: database) }
            _ = try await FieldCipher.load(original, database: database)
        }
    }

    @Test(.enabled(if: TestDatabase.engine == .sqlite))
    func aBackupIsRestoredOnlyWithTheKeyItsDataIsSealedUnder() async throws {
        let original = MasterKey.random()
        let backup = TestDatabase.temporarySQLitePath()
        try await TestDatabase.with { database in
            try await Self.sealSomething(database, master: original)
            try await SQLiteBackup.backup(database, to: backup)
        }
        let state = try await SQLiteBackup.keyState(of: backup)
        #expect(state == .sealed(fingerprint: original.fingerprint))
        let missing = TestDatabase.temporarySQLitePath() + ".key"
        #expect(throws: PatronError.self) { try MasterKeyCheck.configuredKey(for: state, environment: MasterKey.random().base64, keyFile: missing) }
        #expect(throws: PatronError.self) { try MasterKeyCheck.configuredKey(for: state, environment: nil, keyFile: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(try MasterKeyCheck.configuredKey(for: state, environment: original.base64, keyFile: missing)?.fingerprint == original.fingerprint)
    }
}
