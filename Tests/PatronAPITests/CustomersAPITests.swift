import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct CustomersAPITests {
    static let profile = #"""
        {"name":"张伟明","mobile":"138 1234 5678","email":"Zhang.Wei@QQ.com","gender":"male","birthday":"1990-05-12",
         "address":"上海市静安区南京西路1266号","sourceChannel":"store","wechatUnionId":"oUnion_123456","tags":["vip","silk"],
         "notes":"prefers evening calls","attributes":{"clothingSize":"L","shoeSize":42}}
        """#

    static func create(_ client: any TestClientProtocol, token: String, _ body: String = profile) async throws -> String {
        let created = try await TestApp.send(client, .post, "/customers", token: token, json: body)
        #expect(created.status == .created, "\(created.error)")
        return try #require(created.json["id"] as? String)
    }

    @Test func staffWithoutPIIPermissionSeeMaskedValuesAndRevealsAreAudited() async throws {
        try await TestApp.run { client, _ in
            let agent = try await TestApp.login(client, username: "cs.agent")
            let id = try await Self.create(client, token: agent)
            let masked = try await TestApp.send(client, .get, "/customers/\(id)", token: agent).json
            #expect(masked["name"] as? String == "张**")
            #expect(masked["mobile"] as? String == "138****5678")
            #expect(masked["email"] as? String == "z***@qq.com")
            #expect(masked["birthday"] as? String == "****-05-12")
            #expect(masked["masked"] as? Bool == true)
            #expect(try await TestApp.send(client, .post, "/customers/\(id)/reveal", token: agent, json: #"{"purpose":"call back"}"#).status == .forbidden)

            let supervisor = try await TestApp.login(client, username: "cs.supervisor")
            let tooShort = try await TestApp.send(client, .post, "/customers/\(id)/reveal", token: supervisor, json: #"{"purpose":"x"}"#)
            #expect(tooShort.status == .unprocessableContent)
            #expect(tooShort.error["field"] == "purpose")
            let revealed = try await TestApp.send(client, .post, "/customers/\(id)/reveal", token: supervisor,
                                                  json: #"{"purpose":"complaint call-back, ticket 42","fields":["mobile","name"]}"#)
            #expect(revealed.status == .ok)
            #expect(revealed.json["mobile"] as? String == "+8613812345678")
            #expect(revealed.json["name"] as? String == "张伟明")
            #expect(revealed.json["email"] as? String == "z***@qq.com")

            let auditor = try await TestApp.login(client, username: "auditor")
            let trail = try await TestApp.send(client, .get, "/audit?action=customer.revealed&resourceId=\(id)", token: auditor)
            let all = trail.json["items"] as? [[String: Any]] ?? []
            let entries = all.filter { $0["outcome"] as? String == "success" }
            #expect(entries.count == 1)
            #expect(all.contains { $0["outcome"] as? String == "denied" && $0["actorName"] as? String == "cs.agent" }, "the refused reveal is audited too")
            #expect(entries.first?["purpose"] as? String == "complaint call-back, ticket 42")
            #expect(entries.first?["fields"] as? [String] == ["mobile", "name"])
            #expect(entries.first?["actorName"] as? String == "cs.supervisor")
        }
    }

    @Test func anExistingIdentifierIsA409WithTheExistingIdOrAnUpsert() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Self.create(client, token: admin)
            let duplicate = try await TestApp.send(client, .post, "/customers", token: admin,
                                                   json: #"{"name":"张伟","mobile":"+86 138-1234-5678","sourceChannel":"app"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.error["code"] == "identity_conflict")
            #expect(duplicate.error["field"] == "mobile")
            #expect(duplicate.error["existingId"] == id)
            let byEmail = try await TestApp.send(client, .post, "/customers", token: admin,
                                                 json: #"{"name":"X","email":"zhang.wei@qq.com","sourceChannel":"app"}"#)
            #expect(byEmail.error["existingId"] == id)
            let upsert = try await TestApp.send(client, .post, "/customers?upsert=true", token: admin,
                                                json: #"{"name":"张伟明","mobile":"13812345678","sourceChannel":"app","tags":["vip","app-user"]}"#)
            #expect(upsert.status == .ok)
            #expect(upsert.json["id"] as? String == id)
            #expect(upsert.json["tags"] as? [String] == ["app-user", "vip"])
            let found = try await TestApp.send(client, .get, "/customers?mobile=138%201234%205678", token: admin).json["items"] as? [[String: Any]]
            #expect(found?.map { $0["id"] as? String } == [id])
        }
    }

    @Test(arguments: [
        (#"{"name":"李","mobile":"12345","sourceChannel":"store"}"#, "mobile"),
        (#"{"name":"李","email":"not-an-email","sourceChannel":"store"}"#, "email"),
        (#"{"name":"李","birthday":"2999-01-01","sourceChannel":"store"}"#, "birthday"),
        (#"{"name":"李","sourceChannel":"store","attributes":{"religion":"x"}}"#, "attributes.religion"),
        (#"{"name":"李","sourceChannel":"store","attributes":{"clothingSize":"XXXL"}}"#, "attributes.clothingSize"),
        (#"{"name":"\#(String(repeating: "长", count: 61))","sourceChannel":"store"}"#, "name"),
        (#"{"name":"李","sourceChannel":"store","favouriteColour":"red"}"#, nil),
        (#"{"mobile":"13912345678","sourceChannel":"store"}"#, "name"),
    ])
    func badProfilesAreRefusedAndChangeNothing(body: String, field: String?) async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let before = try await TestApp.send(client, .get, "/customers?limit=200", token: admin).json["items"] as? [[String: Any]]
            let refused = try await TestApp.send(client, .post, "/customers", token: admin, json: body)
            #expect(refused.status == .unprocessableContent, "\(body): \(refused.status) \(refused.error)")
            if let field { #expect(refused.error["field"] == field, "\(body)") }
            let after = try await TestApp.send(client, .get, "/customers?limit=200", token: admin).json["items"] as? [[String: Any]]
            #expect(before?.count == after?.count)
        }
    }

    @Test func mergeMovesEverythingAndIsIdempotent() async throws {
        try await TestApp.run { client, url in
            let admin = try await TestApp.login(client)
            let survivor = try await Self.create(client, token: admin)
            let duplicate = try await Self.create(client, token: admin,
                                                  #"{"name":"张伟","mobile":"13900001111","sourceChannel":"app","tags":["app"]}"#)
            _ = try await TestApp.send(client, .post, "/customers/\(duplicate)/consents", token: admin,
                                       json: #"{"channel":"wechat","granted":true,"source":"mini_program"}"#)
            let orderId = try await Self.attachOrder(to: duplicate, url: url)

            let merged = try await TestApp.send(client, .post, "/customers/\(survivor)/merge", token: admin, json: #"{"duplicateId":"\#(duplicate)"}"#)
            #expect(merged.status == .ok)
            #expect(merged.json["tags"] as? [String] == ["app", "silk", "vip"])
            let again = try await TestApp.send(client, .post, "/customers/\(survivor)/merge", token: admin, json: #"{"duplicateId":"\#(duplicate)"}"#)
            #expect(again.status == .ok)

            let redirect = try await client.execute(uri: "/customers/\(duplicate)", method: .get, headers: .bearer(admin)) { $0 }
            #expect(redirect.status == .permanentRedirect)
            #expect(redirect.headers[.location] == "/customers/\(survivor)")
            for path in ["", "/points", "/membership", "/consents", "/history", "/export"] {
                let answer = try await client.execute(uri: "/customers/\(duplicate)\(path)", method: .get, headers: .bearer(admin)) { $0 }
                #expect(answer.status == .permanentRedirect, "GET /customers/{merged}\(path)")
                #expect(answer.headers[.location] == "/customers/\(survivor)\(path)")
                #expect((answer.json["error"] as? [String: Any])?["mergedInto"] as? String == survivor)
            }
            let order = try await TestApp.send(client, .get, "/orders/\(orderId)", token: admin)
            #expect(order.json["customerId"] as? String == survivor)
            let consents = try await TestApp.send(client, .get, "/customers/\(survivor)/consents", token: admin)
            #expect((consents.json["current"] as? [[String: Any]])?.first?["channel"] as? String == "wechat")
            let byOldMobile = try await TestApp.send(client, .get, "/customers?mobile=13900001111", token: admin).json["items"] as? [[String: Any]]
            #expect(byOldMobile?.isEmpty == true, "the survivor keeps its own mobile; the duplicate's is gone with the tombstone")
            let history = try await TestApp.send(client, .get, "/customers/\(survivor)/history?limit=200", token: admin).json["items"] as? [[String: Any]]
            #expect(history?.contains { $0["field"] as? String == "mergedFrom" && $0["newValue"] as? String == duplicate } == true)
            #expect(history?.contains { $0["field"] as? String == "consent.wechat" } == true, "the duplicate's history moved too")
        }
    }

    @Test func exportHoldsEveryKindAndEraseLeavesNoPersonalDataButKeepsSales() async throws {
        try await TestApp.run { client, url in
            let admin = try await TestApp.login(client)
            let id = try await Self.create(client, token: admin)
            _ = try await TestApp.send(client, .post, "/customers/\(id)/consents", token: admin, json: #"{"channel":"sms","granted":true,"source":"store"}"#)
            _ = try await TestApp.send(client, .post, "/customers/\(id)/consents", token: admin, json: #"{"channel":"sms","granted":false,"source":"hotline"}"#)
            let orderId = try await Self.attachOrder(to: id, url: url)
            let salesBefore = try await Self.salesTotal(url)

            let export = try await TestApp.send(client, .get, "/customers/\(id)/export", token: admin)
            #expect(export.status == .ok)
            let profile = export.json["profile"] as? [String: Any]
            #expect(profile?["mobile"] as? String == "+8613812345678")
            #expect(profile?["address"] as? String == "上海市静安区南京西路1266号")
            #expect((export.json["consents"] as? [[String: Any]])?.count == 2)
            #expect((export.json["orders"] as? [[String: Any]])?.map { $0["id"] as? String } == [orderId])
            #expect(((export.json["history"] as? [[String: Any]])?.count ?? 0) >= 3)
            for kind in ["points", "interactions", "tickets", "surveyAnswers", "messages"] { #expect(export.json[kind] is [Any]) }

            let sales = try await TestApp.login(client, username: "sh001.sales")
            #expect(try await TestApp.send(client, .post, "/customers/\(id)/erase", token: sales, json: #"{"reason":"asked by customer"}"#).status == .forbidden)
            #expect(try await TestApp.send(client, .post, "/customers/\(id)/erase", token: admin, json: #"{"reason":"PIPL erasure request #7"}"#).status == .noContent)

            #expect(try await TestApp.send(client, .get, "/customers/\(id)", token: admin).status == .gone)
            #expect(try await TestApp.send(client, .get, "/customers/\(id)/export", token: admin).status == .gone)
            for query in ["mobile=13812345678", "email=zhang.wei%40qq.com", "wechatUnionId=oUnion_123456", "mobileLast4=5678&name=%E5%BC%A0%E4%BC%9F"] {
                let found = try await TestApp.send(client, .get, "/customers?\(query)", token: admin).json["items"] as? [[String: Any]]
                #expect(found?.contains { $0["id"] as? String == id } == false, "\(query)")
            }
            #expect(try await Self.salesTotal(url) == salesBefore)
            let order = try await TestApp.send(client, .get, "/orders/\(orderId)", token: admin)
            #expect(order.json["customerId"] as? String == id, "the order stays, linked to the anonymous record")
            let leftovers = try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                try await database.read { sql in
                    let row = try await sql.raw("""
                        SELECT count(*) AS n FROM customers WHERE id = \(bind: UUID(uuidString: id)!) AND (mobile_enc IS NOT NULL OR email_enc IS NOT NULL
                          OR birthday_enc IS NOT NULL OR address_enc IS NOT NULL OR notes_enc IS NOT NULL OR mobile_bidx IS NOT NULL)
                        """).first()!
                    let tags = try await sql.raw("SELECT count(*) AS n FROM customer_tags WHERE customer_id = \(bind: UUID(uuidString: id)!)").first()!
                    return try row.decode(column: "n", as: Int.self) + tags.decode(column: "n", as: Int.self)
                }
            }
            #expect(leftovers == 0)
            let auditor = try await TestApp.login(client, username: "auditor")
            let actions = (try await TestApp.send(client, .get, "/audit?resourceId=\(id)&limit=200", token: auditor).json["items"] as? [[String: Any]] ?? [])
                .compactMap { $0["action"] as? String }
            #expect(actions.contains("customer.exported"))
            #expect(actions.contains("customer.erased"))
        }
    }

    @Test func searchFindsByNamePrefixLastFourTagAndStore() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let id = try await Self.create(client, token: admin)
            for (query, expected) in [("name=%E5%BC%A0%E4%BC%9F", true), ("name=%E5%BC%A0%E4%BC%9F%E6%98%8E", true), ("name=%E6%9D%8E", false),
                                      ("mobileLast4=5678", true), ("tag=silk", true), ("tag=nope", false), ("email=ZHANG.WEI%40qq.com", true)] {
                let items = try await TestApp.send(client, .get, "/customers?\(query)&limit=200", token: admin).json["items"] as? [[String: Any]] ?? []
                #expect(items.contains { $0["id"] as? String == id } == expected, "\(query)")
            }
            #expect(try await TestApp.send(client, .get, "/customers?mobileLast4=12", token: admin).status == .unprocessableContent)
            #expect(try await TestApp.send(client, .get, "/customers?mobile=abc", token: admin).status == .unprocessableContent)
        }
    }

    /// Links one demo order to the customer directly in the database, as the sales module will.
    static func attachOrder(to customer: String, url: DatabaseURL) async throws -> String {
        try await Database.withOpen(url, logger: TestDatabase.logger) { database in
            try await database.transaction { sql in
                let row = try await sql.raw("SELECT id FROM orders WHERE customer_id IS NULL ORDER BY id LIMIT 1").first()!
                let id = try row.decode(column: "id", as: UUID.self)
                try await sql.update("orders").set("customer_id", to: UUID(uuidString: customer)!).where("id", .equal, id).run()
                return id.uuidString.lowercased()
            }
        }
    }

    static func salesTotal(_ url: DatabaseURL) async throws -> Int64 {
        try await Database.withOpen(url, logger: TestDatabase.logger) { database in
            try await database.read { sql in
                try await sql.raw("SELECT CAST(sum(total) AS BIGINT) AS s FROM orders").first()!.decode(column: "s", as: Int64.self)
            }
        }
    }
}
