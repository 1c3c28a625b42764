import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct CustomerEncryptionTests {
    @Test func personalFieldsAreStoredOnlyAsCiphertext() async throws {
        let cipher = FieldCipher(.random())
        try await TestDatabase.with { database in
            let loader = DemoLoader(database: database, cipher: cipher, logger: TestDatabase.logger)
            _ = try await loader.load(.init(seed: 3, customerCount: 50), adminPassword: "demo-password-1")
            let customers = SQLCustomerRepository(database, cipher: cipher)
            let sample = DemoDataSet.generate(.init(seed: 3, customerCount: 50)).customers[0]

            let dump = try await database.read { sql in
                try await sql.select().column("*").from("customers").all().map { row in
                    try ["name_enc", "mobile_enc", "birthday_enc"].map { try row.decode(column: $0, as: Data?.self) ?? Data() }
                }
            }
            let haystack = dump.flatMap { $0 }.reduce(Data(), +)
            #expect(haystack.range(of: Data(sample.name.utf8)) == nil)
            #expect(haystack.range(of: Data(sample.mobile!.e164.utf8)) == nil)
            #expect(haystack.range(of: Data(sample.mobile!.e164.dropFirst(3).utf8)) == nil)

            let found = try #require(try await customers.find(.mobile(sample.mobile!)))
            #expect(found.name == sample.name)
            #expect(found.birthday == sample.birthday)
            #expect(try await customers.find(.mobile(MobileNumber("13900000000"))) == nil)
        }
    }

    @Test(.enabled(if: TestDatabase.engine == .sqlite))
    func theSQLiteFileHoldsNoPlaintextPersonalData() async throws {
        let url = try await TestDatabase.makeURL()
        guard case .sqlite(let path) = url else { return }
        let sample = DemoDataSet.generate(.init(seed: 4, customerCount: 30)).customers
        try await Database.withOpen(url, logger: TestDatabase.logger) { database in
            try await Migrator(database, logger: TestDatabase.logger).apply()
            _ = try await DemoLoader(database: database, cipher: FieldCipher(.random()), logger: TestDatabase.logger)
                .load(.init(seed: 4, customerCount: 30), adminPassword: "demo-password-1")
            try await database.read { try await $0.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        for customer in sample {
            #expect(bytes.range(of: Data(customer.name.utf8)) == nil)
            #expect(bytes.range(of: Data(customer.mobile!.e164.dropFirst(3).utf8)) == nil)
        }
        #expect(bytes.range(of: Data("demo-password-1".utf8)) == nil)
    }

    @Test func ciphertextFromAnotherKeyIsRefused() throws {
        let sealed = try FieldCipher(.random()).seal("张伟")
        #expect(throws: PatronError.self) { try FieldCipher(.random()).open(sealed) }
        let cipher = FieldCipher(.random())
        #expect(try cipher.open(cipher.seal("张伟")) == "张伟")
        #expect(try cipher.seal("张伟") != cipher.seal("张伟"))
    }

    @Test func theKeyFileIsCreatedPrivateAndReused() throws {
        let path = TestDatabase.temporarySQLitePath() + ".key"
        let first = try MasterKey.load(environment: nil, keyFile: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try MasterKey.load(environment: nil, keyFile: path)
        #expect(first.base64 == second.base64)
        #expect(throws: PatronError.self) { try MasterKey(base64: "too-short") }
    }
}
