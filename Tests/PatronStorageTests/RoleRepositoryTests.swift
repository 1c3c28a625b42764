import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

struct RoleRepositoryTests {
    @Test func theDefaultRolesAreThereAfterMigrationAndStayInSync() async throws {
        try await TestDatabase.with { database in
            let roles = SQLRoleRepository(database)
            let stored = try await roles.all()
            #expect(Set(stored.map(\.name)) == Set(Role.defaults.map(\.name)))
            for role in Role.defaults {
                let found = try #require(stored.first { $0.name == role.name })
                #expect(found.permissions == role.permissions)
                #expect(found.storeScoped == role.storeScoped)
                #expect(found.builtIn)
            }
            try await Migrator(database, logger: TestDatabase.logger).apply()
            #expect(try await roles.all().count == Role.defaults.count)
        }
    }

    @Test func aRoleInUseCannotBeDeleted() async throws {
        try await TestDatabase.with { database in
            let roles = SQLRoleRepository(database)
            let custom = Role(name: "night_shift", nameZh: "夜班", nameEn: "Night shift", permissions: [.ordersRead], storeScoped: false)
            try await roles.create(custom, audit: .test)
            let member = StaffMember(username: "night.one", displayName: "夜班一", department: .sales, roles: ["night_shift"])
            try await SQLStaffRepository(database).create(member, passwordHash: "$2b$04$x", audit: .test)
            await #expect(throws: PatronError.self) { try await roles.delete("night_shift", audit: .test) }
            #expect(try await roles.find("night_shift") != nil)
        }
    }
}
