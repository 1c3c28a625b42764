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

    @Test func noTableHoldsAProfilesPersonalDataInClear() async throws {
        try await TestDatabase.with { database in
            let cipher = try await FieldCipher.load(.random(), database: database)
            let service = CustomerService(customers: SQLCustomerRepository(database, cipher: cipher), orders: SQLOrderRepository(database),
                                          stores: SQLStoreRepository(database), settings: SQLSettingsRepository(database),
                                          membership: SQLMembershipRepository(database))
            let result = try await service.create(CustomerDraft(name: "欧阳修文", mobile: "13987654321", email: "ouyang.xiuwen@example.cn",
                                                                birthday: "1985-11-02", address: "广州市天河区珠江新城花城大道85号",
                                                                sourceChannel: .app, wechatUnionId: "oUnionSecret987", notes: "喜欢丝绸"),
                                                  upsert: false, by: .system("test"), requestId: nil)
            guard case .created(let customer) = result else { Issue.record("not created"); return }
            _ = try await service.update(customer.id, CustomerDraft(address: "深圳市南山区科技园南区深南大道10000号"), by: .system("test"), requestId: nil)
            let secrets = ["欧阳修文", "13987654321", "ouyang.xiuwen", "1985-11-02", "珠江新城", "科技园南区", "oUnionSecret987", "喜欢丝绸"]
            let dump = try await database.read { sql in
                var text = ""
                for table in ["customers", "customer_changes", "customer_name_tokens", "customer_tags", "customer_consents", "audit_log"] {
                    for row in try await sql.raw("SELECT * FROM \(ident: table)").all() {
                        for column in row.allColumns {
                            if let value = try? row.decode(column: column, as: String?.self) { text += (value ?? "") + "|" }
                            if let value = try? row.decode(column: column, as: Data.self) {
                                text += String(decoding: value, as: UTF8.self) + "|"
                            }
                        }
                    }
                }
                return text
            }
            #expect(dump.contains("欧***"), "the scan reads text columns (the masked history value)")
            for secret in secrets { #expect(!dump.contains(secret), "\(secret) found in clear") }
        }
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
