import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

/// Points a member can see and trust, through the API: the statement lists every open lot with its dates,
/// spending takes the soonest-expiring lot first even when a programme change makes a newer lot lapse
/// sooner, and refunding a points payment gives the points back with the expiry they had.
struct PointsLotsAPITests {
    typealias M = MembershipAPITests

    /// Switches the programme to points that expire `months` after earning, from now on.
    static func expireAfter(months: Int, _ client: any TestClientProtocol, _ fixture: M.Fixture) async throws {
        var programme = try await TestApp.send(client, .get, "/membership/programme", token: fixture.admin).json
        programme["expiry"] = ["rule": "afterMonths", "months": months]
        let saved = try await TestApp.send(client, .put, "/membership/programme", token: fixture.admin, json: try M.jsonString(programme))
        #expect(saved.status == .ok, "\(saved.error)")
    }

    static func lots(_ client: any TestClientProtocol, _ fixture: M.Fixture) async throws -> [[String: Any]] {
        let statement = try await TestApp.send(client, .get, "/customers/\(fixture.customer)/points", token: fixture.admin)
        #expect(statement.status == .ok, "\(statement.error)")
        return statement.json["lots"] as? [[String: Any]] ?? []
    }

    static func date(_ value: Any?) -> Date? {
        (value as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
    }

    @Test func theStatementListsEveryOpenLotAndSpendingTakesTheSoonestExpiringFirst() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await M.fixture(client)
            // ¥300.00 cash under the default rule: 300 points expiring at the end of next year.
            _ = try await M.placeOrder(client, fixture, pos: "LT-1", at: M.ago(minutes: 120), lines: [(30_000, 1)], payments: [("cash", 30_000)])
            // The programme now lets points lapse after one month: ¥200.00 earns 200 points that expire long before the first 300.
            try await Self.expireAfter(months: 1, client, fixture)
            _ = try await M.placeOrder(client, fixture, pos: "LT-2", at: M.ago(minutes: 60), lines: [(20_000, 1)], payments: [("cash", 20_000)])

            let before = try await Self.lots(client, fixture)
            #expect(before.map { $0["remaining"] as? Int } == [200, 300], "soonest-expiring first: \(before)")
            #expect(before.allSatisfy { Self.date($0["earnedAt"]) != nil && Self.date($0["availableAt"]) != nil })
            let soon = try #require(Self.date(before.first?["expiresAt"]))
            let late = try #require(Self.date(before.last?["expiresAt"]))
            #expect(soon < late)
            #expect(late.timeIntervalSinceNow > 300 * 86_400, "end of next year")
            #expect(soon.timeIntervalSinceNow < 32 * 86_400, "one month after earning")

            // ¥1.50 paid with 150 points takes them from the 200 that lapse first, not from the older 300.
            _ = try await M.placeOrder(client, fixture, pos: "LT-3", at: M.ago(minutes: 30), lines: [(150, 1)], payments: [("points", 150)])
            let after = try await Self.lots(client, fixture)
            #expect(after.map { $0["remaining"] as? Int } == [50, 300], "\(after)")
            #expect(after.map { $0["points"] as? Int } == [200, 300])
        }
    }

    @Test func refundingAPointsPaymentRestoresThePointsWithTheirOriginalExpiry() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await M.fixture(client)
            try await Self.expireAfter(months: 1, client, fixture)
            _ = try await M.placeOrder(client, fixture, pos: "LR-1", at: M.ago(minutes: 120), lines: [(30_000, 1)], payments: [("cash", 30_000)])
            let earned = try #require(try await Self.lots(client, fixture).first)
            let expiry = try #require(Self.date(earned["expiresAt"]))

            // ¥2.00 (two units of ¥1.00) paid with 200 points, then one unit and then the other returned.
            let paid = try await M.placeOrder(client, fixture, pos: "LR-2", at: M.ago(minutes: 60), lines: [(100, 2)], payments: [("points", 200)])
            #expect(try await Self.lots(client, fixture).map { $0["remaining"] as? Int } == [100])
            for reason in ["too small", "changed mind"] {
                let returned = try await TestApp.send(client, .post, "/orders/\(paid)/returns", token: fixture.admin,
                                                      json: #"{"reason":"\#(reason)","lines":[{"line":1,"quantity":1}]}"#)
                #expect(returned.status == .created, "\(returned.error)")
            }

            let lots = try await Self.lots(client, fixture)
            #expect(lots.map { $0["remaining"] as? Int }.compactMap { $0 }.reduce(0, +) == 300)
            #expect(lots.count == 3, "the original lot and one restored lot per refund: \(lots)")
            for lot in lots {
                #expect(Self.date(lot["expiresAt"]) == expiry, "restored points keep the expiry they had, not a fresh one: \(lot)")
                #expect(lot["earnedAt"] as? String == earned["earnedAt"] as? String)
            }
            #expect(try await M.balance(client, fixture) == 300)
        }
    }

    @Test func pointsRestoredAfterTheirExpiryLapseAtOnce() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await M.fixture(client)
            try await Self.expireAfter(months: 1, client, fixture)
            // Earned 60 days ago, so they expired about 30 days ago; 100 of them were spent 50 days ago.
            _ = try await M.placeOrder(client, fixture, pos: "LX-1", at: M.ago(minutes: 60 * 24 * 60), lines: [(30_000, 1)],
                                       payments: [("cash", 30_000)])
            let paid = try await M.placeOrder(client, fixture, pos: "LX-2", at: M.ago(minutes: 50 * 24 * 60), lines: [(100, 1)],
                                              payments: [("points", 100)])
            let returned = try await TestApp.send(client, .post, "/orders/\(paid)/returns", token: fixture.admin,
                                                  json: #"{"reason":"late return","lines":[{"line":1,"quantity":1}]}"#)
            #expect(returned.status == .created, "\(returned.error)")

            let statement = try await M.points(client, fixture)
            #expect(statement.position["balance"] as? Int == 0, "the 200 left lapsed at expiry and the 100 restored lapse at once")
            #expect(try await Self.lots(client, fixture).isEmpty)
            let newest = statement.items.prefix(2).map { ($0["kind"] as? String ?? "", $0["points"] as? Int ?? 0) }
            #expect(newest.map(\.0) == ["expire", "reverse"])
            #expect(newest.map(\.1) == [-100, 100])
        }
    }
}
