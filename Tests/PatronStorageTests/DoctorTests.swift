import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// `patron doctor` on a fresh demo database: it flags the demo password, a key file others can read, a
/// foreign master key and an order line out of bounds written straight into the database.
struct DoctorTests {
    @Test func aFreshDemoDatabaseIsFlaggedForWhatIsUnsafe() async throws {
        let master = MasterKey.random()
        let hasher = BcryptPasswordHasher(cost: 4)
        try await TestDatabase.with { database in
            let cipher = try await FieldCipher.load(master, database: database)
            _ = try await DemoLoader(database: database, cipher: cipher, hasher: hasher, logger: TestDatabase.logger)
                .load(.init(seed: 4, customerCount: 30), adminPassword: "patron-demo")
            let keyFile = TestDatabase.temporarySQLitePath() + ".key"
            #expect(FileManager.default.createFile(atPath: keyFile, contents: Data(master.base64.utf8), attributes: [.posixPermissions: 0o600]))

            func run(_ key: MasterKey? = master, passwords: [String] = ["patron-demo"]) async throws -> [DoctorFinding] {
                try await Doctor(database: database, inputs: .init(keyFile: keyFile, masterKey: key, demoPasswords: passwords, hasher: hasher)).run()
            }

            let demo = try await run()
            #expect(demo.map(\.check).contains("demo_password"), "\(demo)")
            #expect(demo.filter { $0.check == "demo_password" }.count == 11, "every demo account shares the demo password")
            #expect(demo.allSatisfy { $0.check == "demo_password" }, "nothing else is wrong with a fresh demo: \(demo)")
            #expect(demo.allSatisfy { !$0.what.isEmpty && !$0.fix.isEmpty })
            #expect(try await run(passwords: ["something-else-entirely"]).isEmpty)

            try await database.transaction { sql in
                try await sql.raw("UPDATE order_lines SET quantity = 1000000 WHERE order_id = (SELECT order_id FROM order_lines ORDER BY order_id LIMIT 1) AND line_no = 1").run()
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
            let broken = try await run(passwords: [])
            #expect(Set(broken.map(\.check)) == ["order_line_quantity", "key_file_permissions"], "\(broken)")
            let quantity = try #require(broken.first { $0.check == "order_line_quantity" })
            #expect(quantity.severity == .warning)
            #expect(quantity.what.hasPrefix("1 order line"))
            #expect(broken.first { $0.check == "key_file_permissions" }?.severity == .critical)

            let foreign = try await run(.random(), passwords: [])
            #expect(foreign.contains { $0.check == "master_key_mismatch" && $0.what.contains(master.fingerprint) }, "\(foreign)")
            let missing = try await run(nil, passwords: [])
            #expect(missing.contains { $0.check == "master_key_missing" && $0.severity == .critical }, "\(missing)")
        }
    }
}
