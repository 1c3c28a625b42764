import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct AccessControlTests {
    static let password = TestApp.adminPassword

    /// The lock's end is reached by moving the stored lock into the past, as an hour passing would: a short
    /// real lock raced the machine's load (a busy CI run let it lapse before the right password arrived).
    @Test func tenWrongPasswordsLockTheAccountEvenAgainstTheRightOne() async throws {
        try await TestApp.run(throttle: LoginThrottle(failuresBeforeLock: 10, firstLock: 3_600, longestLock: 3_600)) { client, url in
            for attempt in 1...10 {
                let wrong = try await TestApp.send(client, .post, "/auth/login", token: nil,
                                                   json: #"{"username":"cs.agent","password":"not-the-password"}"#)
                #expect(wrong.status == .unauthorized, "attempt \(attempt)")
            }
            let locked = try await TestApp.send(client, .post, "/auth/login", token: nil,
                                                json: #"{"username":"cs.agent","password":"\#(Self.password)"}"#)
            #expect(locked.status.code == 423)
            #expect(locked.error["code"] == "account_locked")

            let auditor = try await TestApp.login(client, username: "auditor")
            let events = try await TestApp.send(client, .get, "/audit?action=account.locked", token: auditor)
            let items = events.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["actorName"] as? String == "cs.agent")
            let refused = try await TestApp.send(client, .get, "/audit?action=login.refused", token: auditor)
            #expect((refused.json["items"] as? [[String: Any]])?.count == 1)

            try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                try await database.transaction { sql in
                    try await sql.update("staff").set("locked_until", to: Date().addingTimeInterval(-1))
                        .where("username", .equal, "cs.agent").run()
                }
            }
            #expect(try await TestApp.login(client, username: "cs.agent").hasPrefix("ps_"))
            let failures = try await TestApp.send(client, .get, "/audit?action=login.failed&limit=200", token: auditor)
            #expect((failures.json["items"] as? [[String: Any]])?.count == 10)
        }
    }

    @Test func aStoreScopedSalesAssociateSeesOnlyTheirStoresOrdersAndStaff() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let stores = try await TestApp.send(client, .get, "/stores?limit=200", token: admin).json["items"] as? [[String: Any]] ?? []
            let shanghai = try #require(stores.first { $0["code"] as? String == "SH-001" }?["id"] as? String)
            let beijing = try #require(stores.first { $0["code"] as? String == "BJ-001" }?["id"] as? String)
            let beijingOrder = try #require((try await TestApp.send(client, .get, "/orders?limit=1&storeId=\(beijing)", token: admin)
                .json["items"] as? [[String: Any]])?.first?["id"] as? String)

            let sales = try await TestApp.login(client, username: "sh001.sales")
            let own = try await TestApp.send(client, .get, "/orders?limit=200", token: sales)
            let ownStores = Set((own.json["items"] as? [[String: Any]] ?? []).compactMap { $0["storeId"] as? String })
            #expect(own.status == .ok)
            #expect(ownStores == [shanghai])
            #expect(try await TestApp.send(client, .get, "/orders?storeId=\(beijing)", token: sales).status == .forbidden)
            #expect(try await TestApp.send(client, .get, "/orders/\(beijingOrder)", token: sales).status == .forbidden)

            let manager = try await TestApp.login(client, username: "sh001.manager")
            let staff = try await TestApp.send(client, .get, "/staff?limit=200", token: manager).json["items"] as? [[String: Any]] ?? []
            #expect(Set(staff.compactMap { $0["homeStoreId"] as? String }) == [shanghai])
            #expect(Set(staff.compactMap { $0["username"] as? String }) == ["sh001.manager", "sh001.sales"])
            let agent = try await TestApp.send(client, .get, "/staff?limit=200", token: admin).json["items"] as? [[String: Any]] ?? []
            let agentId = try #require(agent.first { $0["username"] as? String == "cs.agent" }?["id"] as? String)
            #expect(try await TestApp.send(client, .get, "/staff/\(agentId)", token: manager).status == .forbidden)
        }
    }

    @Test func nobodyGrantsMoreThanTheyHold() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let role = try await TestApp.send(client, .post, "/roles", token: admin, json: """
                {"name":"hr_clerk","nameZh":"人事专员","nameEn":"HR clerk","permissions":["staff.read","staff.manage","stores.read"],"storeScoped":false}
                """)
            #expect(role.status == .created)
            let clerk = try await TestApp.send(client, .post, "/staff", token: admin, json: """
                {"username":"hr.clerk","displayName":"人事","department":"administration","roles":["hr_clerk"],"password":"\(Self.password)"}
                """)
            #expect(clerk.status == .created)
            let token = try await TestApp.login(client, username: "hr.clerk")
            let escalate = try await TestApp.send(client, .post, "/staff", token: token, json: """
                {"username":"evil.admin","displayName":"x","department":"administration","roles":["administrator"],"password":"\(Self.password)"}
                """)
            #expect(escalate.status == .forbidden)
            let weaker = try await TestApp.send(client, .post, "/staff", token: token, json: """
                {"username":"new.clerk","displayName":"新人事","department":"administration","roles":["hr_clerk"],"password":"\(Self.password)"}
                """)
            #expect(weaker.status == .created)
            let storeRoleWithoutStore = try await TestApp.send(client, .post, "/staff", token: admin, json: """
                {"username":"lost.sales","displayName":"x","department":"sales","roles":["sales_associate"],"password":"\(Self.password)"}
                """)
            #expect(storeRoleWithoutStore.status == .unprocessableContent)
            #expect(storeRoleWithoutStore.error["field"] == "homeStoreId")
        }
    }

    @Test func theLastActiveAdministratorStays() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let me = try await TestApp.send(client, .get, "/me", token: admin)
            let id = try #require((me.json["staff"] as? [String: Any])?["id"] as? String)
            let demote = try await TestApp.send(client, .patch, "/staff/\(id)", token: admin, json: #"{"active":false}"#)
            #expect(demote.status == .conflict)
            #expect(try await TestApp.send(client, .get, "/me", token: admin).status == .ok)
        }
    }

    @Test func deactivatingOrResettingAPasswordEndsSessions() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let agentToken = try await TestApp.login(client, username: "cs.agent")
            let staff = try await TestApp.send(client, .get, "/staff?limit=200", token: admin).json["items"] as? [[String: Any]] ?? []
            let agent = try #require(staff.first { $0["username"] as? String == "cs.agent" }?["id"] as? String)
            let weak = try await TestApp.send(client, .patch, "/staff/\(agent)", token: admin, json: #"{"password":"cs.agent-123"}"#)
            #expect(weak.status == .unprocessableContent)
            #expect(weak.error["field"] == "password")
            #expect(try await TestApp.send(client, .get, "/me", token: agentToken).status == .ok)
            #expect(try await TestApp.send(client, .patch, "/staff/\(agent)", token: admin, json: #"{"password":"a-brand-new-secret"}"#).status == .ok)
            #expect(try await TestApp.send(client, .get, "/me", token: agentToken).status == .unauthorized)
            #expect(try await TestApp.login(client, username: "cs.agent", password: "a-brand-new-secret").hasPrefix("ps_"))
            #expect(try await TestApp.send(client, .patch, "/staff/\(agent)", token: admin, json: #"{"active":false}"#).status == .ok)
            await #expect(throws: TestApp.LoginFailed.self) { try await TestApp.login(client, username: "cs.agent", password: "a-brand-new-secret") }
        }
    }

    @Test func apiKeysActWithinTheirScopesAndStoreUntilRevoked() async throws {
        try await TestApp.run { client, url in
            let admin = try await TestApp.login(client)
            let stores = try await TestApp.send(client, .get, "/stores?limit=200", token: admin).json["items"] as? [[String: Any]] ?? []
            let shanghai = try #require(stores.first { $0["code"] as? String == "SH-001" }?["id"] as? String)
            let created = try await TestApp.send(client, .post, "/api-keys", token: admin,
                                                 json: #"{"name":"上海 POS","scopes":["orders.read"],"storeId":"\#(shanghai)"}"#)
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            let keyId = try #require((created.json["key"] as? [String: Any])?["id"] as? String)
            #expect(secret.hasPrefix("pk_"))

            let orders = try await TestApp.send(client, .get, "/orders?limit=50", token: secret)
            #expect(orders.status == .ok)
            #expect(Set((orders.json["items"] as? [[String: Any]] ?? []).compactMap { $0["storeId"] as? String }) == [shanghai])
            #expect(try await TestApp.send(client, .get, "/stores", token: secret).status == .forbidden)
            #expect(try await TestApp.send(client, .get, "/me", token: secret).status == .forbidden)

            let tooStrong = try await TestApp.send(client, .post, "/api-keys", token: admin, json: #"{"name":"bad","scopes":["orders.fly"]}"#)
            #expect(tooStrong.status == .unprocessableContent)
            #expect(tooStrong.error["field"] == "scopes")

            let listed = try await TestApp.send(client, .get, "/api-keys", token: admin).json["items"] as? [[String: Any]] ?? []
            #expect(listed.contains { $0["id"] as? String == keyId && $0["secret"] == nil })
            #expect(try await TestApp.send(client, .delete, "/api-keys/\(keyId)", token: admin).status == .noContent)
            #expect(try await TestApp.send(client, .get, "/orders", token: secret).status == .unauthorized)

            let stored = try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                try await database.read { sql in
                    try await sql.raw("SELECT secret_hash FROM api_keys").all().map { try $0.decode(column: "secret_hash", as: String.self) }
                }
            }
            #expect(!stored.contains(secret))
            #expect(stored.allSatisfy { $0.count == 64 })
        }
    }

    @Test func customRolesCanBeManagedButBuiltInOnesAreFixed() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            #expect(try await TestApp.send(client, .delete, "/roles/analyst", token: admin).status == .conflict)
            #expect(try await TestApp.send(client, .put, "/roles/analyst", token: admin, json: """
                {"name":"analyst","nameZh":"x","nameEn":"x","permissions":["audit.view"],"storeScoped":false}
                """).status == .conflict)
            let bad = try await TestApp.send(client, .post, "/roles", token: admin, json: """
                {"name":"Bad Name","nameZh":"x","nameEn":"x","permissions":["stores.read"],"storeScoped":false}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.error["field"] == "name")
            let roles = try await TestApp.send(client, .get, "/roles", token: admin).json["items"] as? [[String: Any]] ?? []
            #expect(roles.count == Role.defaults.count)
            #expect(try await TestApp.send(client, .get, "/roles/nope", token: admin).status == .notFound)
        }
    }

    @Test func passwordsAndTokensNeverReachTheLogs() async throws {
        let logs = CapturedLogs()
        try await TestApp.run(logger: logs.logger()) { client, _ in
            let token = try await TestApp.login(client)
            _ = try await TestApp.send(client, .get, "/me", token: token)
            _ = try await TestApp.send(client, .post, "/auth/login", token: nil, json: #"{"username":"admin","password":"wrong-guess-123"}"#)
            let key = try await TestApp.send(client, .post, "/api-keys", token: token, json: #"{"name":"bi","scopes":["stores.read"]}"#)
            let secret = try #require(key.json["secret"] as? String)
            _ = try await TestApp.send(client, .get, "/stores", token: secret)
            let text = logs.text
            #expect(text.contains("request"), "the capture works")
            for needle in [TestApp.adminPassword, "wrong-guess-123", token, secret] {
                #expect(!text.contains(needle))
            }
        }
    }

    @Test func storeChangesAreAuditedWithTheActor() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let created = try await TestApp.send(client, .post, "/stores", token: admin, json: """
                {"code":"WH-001","name":"武汉江汉路店","city":"武汉","region":"华中","opensAt":"10:00","closesAt":"22:00"}
                """)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            let badHours = try await TestApp.send(client, .patch, "/stores/\(id)", token: admin, json: #"{"opensAt":"25:00","closesAt":"22:00"}"#)
            #expect(badHours.status == .unprocessableContent)
            #expect(badHours.error["field"] == "opensAt")
            #expect(try await TestApp.send(client, .patch, "/stores/\(id)", token: admin, json: #"{"name":"武汉楚河汉街店"}"#).status == .ok)
            let auditor = try await TestApp.login(client, username: "auditor")
            let trail = try await TestApp.send(client, .get, "/audit?resourceType=store&resourceId=\(id)", token: auditor)
            let actions = (trail.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions == ["store.updated", "store.created"])
            #expect((trail.json["items"] as? [[String: Any]])?.first?["actorName"] as? String == "admin")
            #expect(try await TestApp.send(client, .get, "/audit", token: admin).status == .ok)
            let sales = try await TestApp.login(client, username: "sh001.sales")
            #expect(try await TestApp.send(client, .get, "/audit", token: sales).status == .forbidden)
        }
    }
}
