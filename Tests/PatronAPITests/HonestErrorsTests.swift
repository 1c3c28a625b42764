import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// Issue 17: one request cannot stop the process, and every refusal says truthfully which field is wrong.
struct HonestErrorsTests {
    typealias Fixture = MembershipAPITests.Fixture

    static func order(_ fixture: Fixture, pos: String, quantity: String = "1", unitPrice: String = "9900",
                      amount: String = "9900", occurredAt: String = MembershipAPITests.ago(minutes: 5)) -> String {
        #"""
        {"storeId":"\#(fixture.store)","posNumber":"\#(pos)","channel":"store","occurredAt":"\#(occurredAt)",
         "lines":[{"sku":"W-TOP-002","quantity":\#(quantity),"unitPrice":\#(unitPrice)}],"payments":[{"method":"cash","amount":\#(amount)}]}
        """#
    }

    @Test func numbersOutsideTheirRangeAreRefusedNamingTheField() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await MembershipAPITests.fixture(client)
            let cases: [(String, String, String)] = [
                // quantity × unit price overflows Int64: 2^40 × 2^40.
                (Self.order(fixture, pos: "X-1", quantity: "1099511627776", unitPrice: "1099511627776"), "lines[0].quantity", "quantity 2^40"),
                (Self.order(fixture, pos: "X-2", quantity: "100001"), "lines[0].quantity", "quantity above 100,000"),
                (Self.order(fixture, pos: "X-3", quantity: "0"), "lines[0].quantity", "quantity 0"),
                (Self.order(fixture, pos: "X-4", unitPrice: "1000000000001", amount: "1000000000001"), "lines[0].unitPrice", "price above 10^12"),
                (Self.order(fixture, pos: "X-5", quantity: "1.5"), "lines[0].quantity", "a fraction"),
                (Self.order(fixture, pos: "X-6", unitPrice: "9223372036854775808"), "lines[0].unitPrice", "2^63"),
                (Self.order(fixture, pos: "X-7", unitPrice: "1e400"), "lines[0].unitPrice", "1e400"),
                (Self.order(fixture, pos: "X-8", amount: "9223372036854775807"), "payments[0].amount", "Int64.max payment"),
                (Self.order(fixture, pos: "X-9", occurredAt: "2026-02-30T10:00:00Z"), "occurredAt", "no such day"),
                (Self.order(fixture, pos: "X-10", occurredAt: "yesterday"), "occurredAt", "not a time"),
            ]
            for (body, field, what) in cases {
                let answer = try await TestApp.send(client, .post, "/orders", token: fixture.admin, json: body)
                #expect(answer.status == .unprocessableContent, "\(what): \(answer.status) \(answer.error)")
                #expect(answer.error["field"] == field, "\(what): \(answer.error)")
                #expect(!(answer.error["message"] ?? "").contains("Int64") && !(answer.error["message"] ?? "").contains("Swift"), "\(what): \(answer.error)")
            }
            let lines = (0..<501).map { _ in #"{"sku":"W-TOP-002","quantity":1,"unitPrice":1}"# }.joined(separator: ",")
            let tooMany = try await TestApp.send(client, .post, "/orders", token: fixture.admin, json: #"""
                {"storeId":"\#(fixture.store)","posNumber":"X-11","channel":"store","occurredAt":"\#(MembershipAPITests.ago(minutes: 5))",
                 "lines":[\#(lines)],"payments":[{"method":"cash","amount":501}]}
                """#)
            #expect(tooMany.status == .unprocessableContent || tooMany.status == .contentTooLarge)
            for points in ["-9223372036854775808", "9223372036854775807", "1000000001", "0"] {
                let adjusted = try await TestApp.send(client, .post, "/customers/\(fixture.customer)/points/adjustments", token: fixture.admin,
                                                      json: #"{"points":\#(points),"reason":"hostile"}"#)
                #expect(adjusted.status == .unprocessableContent, "points \(points): \(adjusted.status)")
                #expect(adjusted.error["field"] == "points")
            }
            #expect(try await client.execute(uri: "/ready", method: .get) { $0.status } == .ok)
        }
    }

    @Test func timesAreReadInEveryRFC3339Form() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await MembershipAPITests.fixture(client)
            let past = Date().addingTimeInterval(-3_600)
            let shanghai = past.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
            for (index, text) in [past.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), shanghai,
                                  past.formatted(.iso8601)].enumerated() {
                let placed = try await TestApp.send(client, .post, "/orders", token: fixture.admin, json: Self.order(fixture, pos: "T-\(index)", occurredAt: text))
                #expect(placed.status == .created, "\(text): \(placed.status) \(placed.error)")
                let stored = try #require(placed.json["occurredAt"] as? String)
                let back = try Date(stored, strategy: .iso8601)
                #expect(abs(back.timeIntervalSince(past)) < 1, "\(text) was stored as \(stored)")
            }
            let query = try await TestApp.send(client, .get, "/orders?from=\(past.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))", token: fixture.admin)
            #expect(query.status == .ok, "\(query.error)")
        }
    }

    @Test func queryParametersThatDoNotParseAreBadRequestsNamingTheParameter() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            for (uri, name) in [("/customers?limit=abc", "limit"), ("/orders?from=yesterday", "from"), ("/stores?limit=1.5", "limit"),
                                ("/orders?limit=99999999999999999999", "limit")] {
                let answer = try await TestApp.send(client, .get, uri, token: admin)
                #expect(answer.status == .badRequest || answer.status == .unprocessableContent, "\(uri): \(answer.status)")
                #expect(answer.error["code"] == "invalid_parameter" || answer.error["field"] == name, "\(uri): \(answer.error)")
                #expect(answer.error["field"] == name, "\(uri): \(answer.error)")
            }
        }
    }

    @Test func identifiersAndMobilesAreReadExactly() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await MembershipAPITests.fixture(client)
            for suffix in ["%00junk", "%00", "junk", "%20"] {
                let answer = try await TestApp.send(client, .get, "/customers/\(fixture.customer)\(suffix)", token: fixture.admin)
                #expect(answer.status == .notFound || answer.status == .unprocessableContent, "\(suffix): \(answer.status)")
            }
            let letters = try await TestApp.send(client, .post, "/customers", token: fixture.admin,
                                                 json: #"{"name":"李雷","mobile":"150abc23132189","sourceChannel":"store"}"#)
            #expect(letters.status == .unprocessableContent)
            #expect(letters.error["field"] == "mobile")
            let spaced = try await TestApp.send(client, .post, "/customers", token: fixture.admin,
                                                json: #"{"name":"韩梅梅","mobile":"+86 150-2313-2189","sourceChannel":"store"}"#)
            #expect(spaced.status == .created, "\(spaced.error)")
        }
    }

    @Test func aRefusedRevealIsAudited() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await MembershipAPITests.fixture(client)
            let analyst = try await TestApp.login(client, username: "analyst")
            let refused = try await TestApp.send(client, .post, "/customers/\(fixture.customer)/reveal", token: analyst,
                                                 json: #"{"fields":["mobile"],"purpose":"curiosity only"}"#)
            #expect(refused.status == .forbidden)
            let trail = try await TestApp.send(client, .get, "/audit?resourceType=customer&resourceId=\(fixture.customer)", token: fixture.admin)
            let events = trail.json["items"] as? [[String: Any]] ?? []
            #expect(events.contains { $0["action"] as? String == "customer.revealed" && $0["outcome"] as? String == "denied" && $0["actorName"] as? String == "analyst" },
                    "\(events)")
        }
    }

    /// A record stored before the limits existed (quantity 2^31 − 1, which a per-unit array would need 16 GiB for) must not stop the process when it is read or
    /// returned against.
    @Test func aRecordStoredBeforeTheLimitsCanBeReadAndReturnedAgainst() async throws {
        try await TestApp.run { client, url in
            let fixture = try await MembershipAPITests.fixture(client)
            let placed = try await TestApp.send(client, .post, "/orders", token: fixture.admin, json: Self.order(fixture, pos: "P-1", quantity: "2", amount: "19800"))
            let id = try #require(placed.json["id"] as? String)
            try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                try await database.transaction { sql in
                    try await sql.update("order_lines").set("quantity", to: SQLBind(Int32.max)).where("order_id", .equal, UUID(uuidString: id)!).run()
                }
            }
            let twice = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: fixture.admin,
                                               json: #"{"reason":"found by schemathesis","lines":[{"line":1,"quantity":1},{"line":1,"quantity":1}]}"#)
            #expect(twice.status == .unprocessableContent, "a line listed twice in one return: \(twice.status)")
            #expect(twice.error["field"] == "lines[1].line")
            let read = try await TestApp.send(client, .get, "/orders/\(id)", token: fixture.admin)
            #expect(read.status == .ok)
            let returned = try await TestApp.send(client, .post, "/orders/\(id)/returns", token: fixture.admin,
                                                  json: #"{"reason":"legacy","lines":[{"line":1,"quantity":3}]}"#)
            #expect(returned.status.code < 500, "\(returned.status) \(returned.error)")
            #expect(try await client.execute(uri: "/ready", method: .get) { $0.status } == .ok)
        }
    }

    /// A payment method this binary does not know, written straight into the database, is an error when read,
    /// never silently cash.
    @Test func anUnknownStoredPaymentMethodIsAnErrorNotCash() async throws {
        try await TestApp.run { client, url in
            let fixture = try await MembershipAPITests.fixture(client)
            let placed = try await TestApp.send(client, .post, "/orders", token: fixture.admin, json: Self.order(fixture, pos: "E-1"))
            let id = try #require(placed.json["id"] as? String)
            try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                try await database.transaction { sql in
                    try await sql.update("order_payments").set("method", to: SQLBind("bitcoin")).where("order_id", .equal, UUID(uuidString: id)!).run()
                }
            }
            let read = try await TestApp.send(client, .get, "/orders/\(id)", token: fixture.admin)
            #expect(read.status == .internalServerError)
            #expect(read.json["payments"] == nil)
        }
    }

    /// Acceptance 4: a forced 500 (a table dropped under the server) logs the failure, but no bearer token, API
    /// key, cookie or token-like query parameter.
    @Test func aServerErrorLogsNoSecret() async throws {
        let logs = CapturedLogs()
        try await TestApp.run(logger: logs.logger()) { client, url in
            let token = try await TestApp.login(client)
            let key = try await TestApp.send(client, .post, "/api-keys", token: token, json: #"{"name":"bi","scopes":["stores.read"]}"#)
            let secret = try #require(key.json["secret"] as? String)
            try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                try await database.transaction { sql in try await sql.raw("ALTER TABLE products RENAME TO products_gone").run() }
            }
            var headers: HTTPFields = .bearer(token)
            headers[.cookie] = "patron_session=cookie-secret-value"
            headers[HTTPField.Name("X-API-Key")!] = secret
            let failed = try await client.execute(uri: "/products?access_token=query-secret-value", method: .get, headers: headers) { $0 }
            #expect(failed.status == .internalServerError)
            #expect(failed.errorBody["code"] == "internal_error")
            let text = logs.text
            #expect(text.contains("request failed"), "the 500 was logged")
            for needle in [token, secret, "cookie-secret-value", "query-secret-value", TestApp.adminPassword] {
                #expect(!text.contains(needle), "a secret reached the log")
            }
        }
    }

    /// A PostgreSQL that cannot be used is named as the cause within seconds, not after a minute of pool retries.
    @Test func anUnreachableDatabaseIsReportedByNameWithinSeconds() async throws {
        let start = ContinuousClock.now
        do {
            try await Database.withOpen(.postgres(url: "postgres://patron:secret@127.0.0.1:1/patron"), logger: TestDatabase.logger) { _ in }
            Issue.record("opening a closed port succeeded")
        } catch let error as PatronError {
            #expect(error.code == "storage_unavailable")
            #expect(error.message.contains("127.0.0.1:1"), "\(error.message)")
            #expect(!error.message.contains("secret"))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        guard let configured = ProcessInfo.processInfo.environment["PATRON_TEST_DATABASE_URL"], !configured.isEmpty,
              var components = URLComponents(string: configured) else { return }
        components.path = "/patron_no_such_database"
        do {
            try await Database.withOpen(.postgres(url: components.string!), logger: TestDatabase.logger) { _ in }
            Issue.record("opening a missing database succeeded")
        } catch let error as PatronError {
            #expect(error.message.contains("patron_no_such_database"), "\(error.message)")
        }
    }
}
