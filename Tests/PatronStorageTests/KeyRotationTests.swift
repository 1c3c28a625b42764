import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct KeyRotationTests {
    @Test func dataWrittenBeforeRotationReadsBackAndOldKeysAreDestroyed() async throws {
        let master = MasterKey.random()
        try await TestDatabase.with { database in
            let cipher = try await FieldCipher.load(master, database: database)
            let repository = SQLCustomerRepository(database, cipher: cipher)
            let people = DemoDataSet.generate(.init(seed: 9, customerCount: 40)).customers.map { person in
                var person = person
                person.preferredStoreId = nil
                person.address = "杭州市西湖区文三路\(person.name)"
                return person
            }
            for person in people { try await repository.insert(person, changes: [], audit: .test) }
            let before = try await Self.ciphertexts(database)
            let oldKeyring = try await Keyring.load(master: master, database: database)

            let report = try await KeyRotation(database: database, keyring: cipher.keyring, settle: .zero, batchSize: 7).rotate()
            #expect(report.valuesResealed == before.count)
            #expect(report.destroyedKeys.count == 1)

            for person in people {
                guard case .found(let stored) = try await repository.find(person.id) else { Issue.record("lost \(person.id)"); continue }
                #expect(stored.name == person.name)
                #expect(stored.mobile == person.mobile)
                #expect(stored.address == person.address)
                #expect(try await repository.find(.mobile(person.mobile!))?.id == person.id, "blind indexes survive rotation")
            }
            let after = try await Self.ciphertexts(database)
            #expect(Set(after.map { $0.prefix(4) }) == [Data(try Self.hexData(report.newKeyId))])
            #expect(Set(after).isDisjoint(with: before))
            #expect(throws: (any Error).self) { try oldKeyring.open(after[0]) }

            let fresh = try await Keyring.load(master: master, database: database)
            #expect(throws: (any Error).self, "the destroyed key cannot be loaded again") { try fresh.open(before[0]) }
            #expect(try fresh.open(after[0]).isEmpty == false)
        }
    }

    static func ciphertexts(_ database: Database) async throws -> [Data] {
        try await database.read { sql in
            let columns = ["name_enc", "mobile_enc", "email_enc", "birthday_enc", "address_enc", "wechat_unionid_enc", "wechat_openid_enc", "notes_enc"]
            return try await sql.select().columns(columns.map { SQLIdentifier($0) }).from("customers").all().flatMap { row in
                try columns.compactMap { try row.decode(column: $0, as: Data?.self) }
            }
        }
    }

    static func hexData(_ hex: String) throws -> Data {
        Data(stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        })
    }
}
