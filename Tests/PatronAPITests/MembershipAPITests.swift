import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import Testing

/// Membership through the HTTP API: points earned, redeemed and reversed by orders, manual adjustments and
/// tier overrides, the programme as data, the liability report and the export. Each test works on a customer
/// created for it, so the demo history does not move the numbers; amounts are hand-computed under
/// `MembershipProgramme.defaults` (1 point per yuan paid outside points × the tier multiplier, rounded down;
/// 100 points pay ¥1).
struct MembershipAPITests {
    struct Fixture {
        var admin: String
        var store: String
        var customer: String
    }

    /// Signs in as admin, finds the Shanghai flagship store and creates a customer with no history.
    static func fixture(_ client: any TestClientProtocol) async throws -> Fixture {
        let admin = try await TestApp.login(client)
        let stores = try await TestApp.send(client, .get, "/stores?limit=200", token: admin).json["items"] as? [[String: Any]] ?? []
        let store = try #require(stores.first { $0["code"] as? String == "SH-001" }?["id"] as? String)
        let created = try await TestApp.send(client, .post, "/customers", token: admin, json: #"{"name":"王小明","sourceChannel":"store"}"#)
        #expect(created.status == .created, "\(created.error)")
        return Fixture(admin: admin, store: store, customer: try #require(created.json["id"] as? String))
    }

    /// An ISO 8601 instant `minutesAgo` minutes before now, whole seconds (orders must not be in the future).
    static func ago(minutes: Int) -> String {
        Date().addingTimeInterval(TimeInterval(-60 * minutes)).formatted(.iso8601)
    }

    /// An order for the fixture's customer. `lines` are (unit price, quantity) of the demo SKU W-TOP-002;
    /// `payments` are (method, amount) and must add up to the total.
    static func orderBody(_ fixture: Fixture, pos: String, at occurredAt: String, lines: [(Int, Int)],
                          payments: [(String, Int)]) -> String {
        let lineJSON = lines.map { #"{"sku":"W-TOP-002","quantity":\#($0.1),"unitPrice":\#($0.0)}"# }.joined(separator: ",")
        let paymentJSON = payments.map { #"{"method":"\#($0.0)","amount":\#($0.1)}"# }.joined(separator: ",")
        return #"""
            {"storeId":"\#(fixture.store)","posNumber":"\#(pos)","channel":"store","customerId":"\#(fixture.customer)",
             "occurredAt":"\#(occurredAt)","lines":[\#(lineJSON)],"payments":[\#(paymentJSON)]}
            """#
    }

    /// Places an order that must be accepted and answers its id.
    static func placeOrder(_ client: any TestClientProtocol, _ fixture: Fixture, pos: String, at occurredAt: String,
                           lines: [(Int, Int)], payments: [(String, Int)]) async throws -> String {
        let placed = try await TestApp.send(client, .post, "/orders", token: fixture.admin,
                                            json: orderBody(fixture, pos: pos, at: occurredAt, lines: lines, payments: payments))
        #expect(placed.status == .created, "\(pos): \(placed.status) \(placed.error)")
        return try #require(placed.json["id"] as? String)
    }

    /// The points statement: the position and the ledger entries, newest first.
    static func points(_ client: any TestClientProtocol, _ fixture: Fixture, token: String? = nil) async throws
        -> (position: [String: Any], items: [[String: Any]]) {
        let statement = try await TestApp.send(client, .get, "/customers/\(fixture.customer)/points?limit=200", token: token ?? fixture.admin)
        #expect(statement.status == .ok, "\(statement.error)")
        return (statement.json["position"] as? [String: Any] ?? [:], statement.json["items"] as? [[String: Any]] ?? [])
    }

    static func balance(_ client: any TestClientProtocol, _ fixture: Fixture) async throws -> Int? {
        try await points(client, fixture).position["balance"] as? Int
    }

    static func membership(_ client: any TestClientProtocol, _ fixture: Fixture) async throws -> [String: Any] {
        let response = try await TestApp.send(client, .get, "/customers/\(fixture.customer)/membership", token: fixture.admin)
        #expect(response.status == .ok, "\(response.error)")
        return response.json
    }

    static func history(_ client: any TestClientProtocol, _ fixture: Fixture) async throws -> [[String: Any]] {
        let response = try await TestApp.send(client, .get, "/customers/\(fixture.customer)/membership/history?limit=200", token: fixture.admin)
        #expect(response.status == .ok, "\(response.error)")
        return response.json["items"] as? [[String: Any]] ?? []
    }

    static func orderCount(_ client: any TestClientProtocol, _ fixture: Fixture) async throws -> Int {
        let response = try await TestApp.send(client, .get, "/orders?customerId=\(fixture.customer)&limit=200", token: fixture.admin)
        #expect(response.status == .ok, "\(response.error)")
        return (response.json["items"] as? [[String: Any]] ?? []).count
    }

    static func audit(_ client: any TestClientProtocol, action: String, resourceId: String) async throws -> [[String: Any]] {
        let auditor = try await TestApp.login(client, username: "auditor")
        let response = try await TestApp.send(client, .get, "/audit?action=\(action)&resourceId=\(resourceId)", token: auditor)
        #expect(response.status == .ok, "\(response.error)")
        return response.json["items"] as? [[String: Any]] ?? []
    }

    static func jsonString(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    // MARK: - 1. Earning

    @Test func aCashOrderEarnsOnePointPerYuanAndShowsTheWayToSilver() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            let before = try await Self.points(client, fixture)
            #expect(before.position["balance"] as? Int == 0)
            #expect(before.items.isEmpty)

            // ¥123.45 in cash at Regular (100%): ⌊123.45⌋ = 123 points.
            let orderId = try await Self.placeOrder(client, fixture, pos: "MB-1", at: Self.ago(minutes: 60),
                                                    lines: [(12_345, 1)], payments: [("cash", 12_345)])
            let statement = try await Self.points(client, fixture)
            #expect(statement.position["balance"] as? Int == 123)
            #expect(statement.position["available"] as? Int == 123, "no pending period under the defaults")
            #expect(statement.position["pending"] as? Int == 0)
            #expect(statement.position["value"] as? Int == 123, "123 points are worth 123 fen at 100 points per ¥1")
            #expect(statement.items.count == 1)
            let earn = try #require(statement.items.first)
            #expect(earn["kind"] as? String == "earn")
            #expect(earn["points"] as? Int == 123)
            #expect(earn["orderId"] as? String == orderId)
            #expect(earn["balanceAfter"] as? Int == 123)
            #expect(earn["shortfall"] as? Int == 0)

            let membership = try await Self.membership(client, fixture)
            #expect(membership["tier"] as? String == "regular")
            #expect(membership["earnedTier"] as? String == "regular")
            #expect(membership["override"] == nil)
            let window = try #require(membership["window"] as? [String: Any])
            #expect(window["netSpend"] as? Int == 12_345)
            #expect(window["orders"] as? Int == 1)
            #expect(window["pointsEarned"] as? Int == 123)
            #expect(window["months"] as? Int == 12)
            let progress = try #require(membership["progress"] as? [String: Any])
            #expect(progress["tier"] as? String == "silver")
            // Silver needs ¥2,000.00 net spend or 6 orders: ¥2,000.00 − ¥123.45 = ¥1,876.55 to go.
            let message = try #require(progress["message"] as? String)
            #expect(message.contains("spend ¥1,876.55 more"), "\(message)")
            #expect(message.contains("Silver"), "\(message)")
            let gaps = progress["gaps"] as? [[String: Any]] ?? []
            let spendGap = gaps.first { $0["metric"] as? String == "netSpend" }
            #expect(spendGap?["remaining"] as? Int == 187_655)
            #expect(spendGap?["current"] as? Int == 12_345)
            #expect((membership["points"] as? [String: Any])?["balance"] as? Int == 123)
        }
    }

    // MARK: - 2. Paying with points

    @Test func payingWithPointsRedeemsAndAnUncoveredPointsPaymentStoresNothing() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            _ = try await Self.placeOrder(client, fixture, pos: "MB-2a", at: Self.ago(minutes: 60),
                                          lines: [(12_345, 1)], payments: [("cash", 12_345)])
            #expect(try await Self.balance(client, fixture) == 123)

            // ¥50.00: ¥1.00 with 100 points, ¥49.00 cash which earns 49 points.
            let redeemed = try await TestApp.send(client, .post, "/orders", token: fixture.admin, json: Self.orderBody(
                fixture, pos: "MB-2b", at: Self.ago(minutes: 50), lines: [(5_000, 1)], payments: [("points", 100), ("cash", 4_900)]))
            #expect(redeemed.status == .created, "\(redeemed.error)")
            let redeemedId = try #require(redeemed.json["id"] as? String)
            let statement = try await Self.points(client, fixture)
            #expect(statement.position["balance"] as? Int == 123 - 100 + 49)
            let redeem = statement.items.first { $0["kind"] as? String == "redeem" }
            #expect(redeem?["points"] as? Int == -100)
            #expect(redeem?["orderId"] as? String == redeemedId)
            #expect(redeem?["shortfall"] as? Int == 0)
            #expect(redeem?["balanceAfter"] as? Int == 23)
            let earned = statement.items.first { $0["kind"] as? String == "earn" && $0["orderId"] as? String == redeemedId }
            #expect(earned?["points"] as? Int == 49, "points are earned only on the part paid outside points")
            let spent = try #require(statement.position["balance"] as? Int)
            #expect(spent == 72)
            let window = try #require(try await Self.membership(client, fixture)["window"] as? [String: Any])
            #expect(window["netSpend"] as? Int == 12_345 + 4_900, "net spend counts only what was paid outside points")

            // ¥100.00 with ¥90.00 of points needs 9,000 points; the customer holds 72.
            let ordersBefore = try await Self.orderCount(client, fixture)
            #expect(ordersBefore == 2)
            let refused = try await TestApp.send(client, .post, "/orders", token: fixture.admin, json: Self.orderBody(
                fixture, pos: "MB-2c", at: Self.ago(minutes: 40), lines: [(10_000, 1)], payments: [("points", 9_000), ("cash", 1_000)]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.error["code"] == "insufficient_points", "\(refused.error)")
            #expect(refused.error["field"] == "payments")
            #expect(try await Self.orderCount(client, fixture) == ordersBefore, "the refused order must not be stored")
            let stored = try await TestApp.send(client, .get, "/orders?storeId=\(fixture.store)&limit=200", token: fixture.admin)
            let numbers = (stored.json["items"] as? [[String: Any]] ?? []).compactMap { $0["posNumber"] as? String }
            #expect(!numbers.contains("MB-2c"))
            let after = try await Self.points(client, fixture)
            #expect(after.position["balance"] as? Int == 72)
            #expect(after.items.count == statement.items.count, "a refused order leaves no ledger entry")
        }
    }

    // MARK: - 3. Refunds

    @Test func aRefundReversesPointsInProportionToTheMoneyReturned() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            // ¥100.00 + ¥23.45 in cash: 123 points.
            let orderId = try await Self.placeOrder(client, fixture, pos: "MB-3", at: Self.ago(minutes: 60),
                                                    lines: [(10_000, 1), (2_345, 1)], payments: [("cash", 12_345)])
            #expect(try await Self.balance(client, fixture) == 123)

            let partial = try await TestApp.send(client, .post, "/orders/\(orderId)/returns", token: fixture.admin,
                                                 json: #"{"reason":"wrong colour","lines":[{"line":2,"quantity":1}]}"#)
            #expect(partial.status == .created, "\(partial.error)")
            #expect((partial.json["return"] as? [String: Any])?["refundTotal"] as? Int == 2_345)
            let returnId = try #require((partial.json["return"] as? [String: Any])?["id"] as? String)
            // ⌊123 × 2,345 / 12,345⌋ = ⌊23.36⌋ = 23 points come back.
            let statement = try await Self.points(client, fixture)
            #expect(statement.position["balance"] as? Int == 100)
            let reversals = statement.items.filter { $0["kind"] as? String == "reverse" }
            #expect(reversals.count == 1)
            #expect(reversals.first?["points"] as? Int == -23)
            #expect(reversals.first?["orderId"] as? String == orderId)
            #expect(reversals.first?["returnId"] as? String == returnId)
            #expect(reversals.first?["balanceAfter"] as? Int == 100)
            let window = try #require(try await Self.membership(client, fixture)["window"] as? [String: Any])
            #expect(window["netSpend"] as? Int == 10_000)
            #expect(window["pointsEarned"] as? Int == 100)
            #expect(window["orders"] as? Int == 1)

            // The rest back: the reversals add up to what the order earned, and the order no longer counts.
            let rest = try await TestApp.send(client, .post, "/orders/\(orderId)/returns", token: fixture.admin,
                                              json: #"{"reason":"changed mind","lines":[{"line":1,"quantity":1}]}"#)
            #expect(rest.status == .created, "\(rest.error)")
            let final = try await Self.points(client, fixture)
            #expect(final.position["balance"] as? Int == 0)
            let allReversals = final.items.filter { $0["kind"] as? String == "reverse" }.compactMap { $0["points"] as? Int }
            #expect(allReversals.sorted() == [-100, -23])
            let emptied = try #require(try await Self.membership(client, fixture)["window"] as? [String: Any])
            #expect(emptied["netSpend"] as? Int == 0)
            #expect(emptied["orders"] as? Int == 0, "a wholly refunded order is not counted")
            #expect(emptied["pointsEarned"] as? Int == 0)
        }
    }

    // MARK: - 4. Adjustments

    @Test func adjustmentsNeedThePermissionAReasonAndCannotOverdraw() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            let path = "/customers/\(fixture.customer)/points/adjustments"
            let agent = try await TestApp.login(client, username: "cs.agent")
            let forbidden = try await TestApp.send(client, .post, path, token: agent, json: #"{"points":500,"reason":"goodwill"}"#)
            #expect(forbidden.status == .forbidden)
            #expect(try await Self.balance(client, fixture) == 0)

            let supervisor = try await TestApp.login(client, username: "cs.supervisor")
            let added = try await TestApp.send(client, .post, path, token: supervisor,
                                               json: #"{"points":500,"reason":"goodwill for a late delivery"}"#)
            #expect(added.status == .created, "\(added.error)")
            #expect(added.json["kind"] as? String == "adjust")
            #expect(added.json["points"] as? Int == 500)
            #expect(added.json["balanceAfter"] as? Int == 500)
            #expect(added.json["orderId"] == nil)
            #expect((added.json["note"] as? String)?.contains("goodwill for a late delivery") == true, "\(added.json)")
            let statement = try await Self.points(client, fixture, token: agent)
            #expect(statement.position["balance"] as? Int == 500)
            #expect(statement.position["available"] as? Int == 500)
            #expect(statement.items.map { $0["kind"] as? String } == ["adjust"])

            let trail = try await Self.audit(client, action: "points.adjusted", resourceId: fixture.customer)
            #expect(trail.count == 1)
            #expect(trail.first?["actorName"] as? String == "cs.supervisor")
            #expect(trail.first?["resourceId"] as? String == fixture.customer)

            let overdraw = try await TestApp.send(client, .post, path, token: supervisor, json: #"{"points":-501,"reason":"clawback"}"#)
            #expect(overdraw.status == .unprocessableContent)
            #expect(overdraw.error["code"] == "insufficient_points", "\(overdraw.error)")
            #expect(overdraw.error["field"] == "points")
            let zero = try await TestApp.send(client, .post, path, token: supervisor, json: #"{"points":0,"reason":"nothing"}"#)
            #expect(zero.status == .unprocessableContent)
            #expect(zero.error["field"] == "points", "\(zero.error)")
            let noReason = try await TestApp.send(client, .post, path, token: supervisor, json: #"{"points":10,"reason":"  "}"#)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.error["field"] == "reason", "\(noReason.error)")
            let unchanged = try await Self.points(client, fixture)
            #expect(unchanged.position["balance"] as? Int == 500)
            #expect(unchanged.items.count == 1, "refused adjustments leave no ledger entry")
            #expect(try await Self.audit(client, action: "points.adjusted", resourceId: fixture.customer).count == 1,
                    "refused adjustments are not audited as made")

            let deducted = try await TestApp.send(client, .post, path, token: supervisor, json: #"{"points":-200,"reason":"duplicate credit"}"#)
            #expect(deducted.status == .created, "\(deducted.error)")
            #expect(deducted.json["points"] as? Int == -200)
            #expect(deducted.json["balanceAfter"] as? Int == 300)
            #expect(try await Self.balance(client, fixture) == 300)
        }
    }

    // MARK: - 5. Overrides

    @Test func anOverrideSetsTheTierInForceUntilItIsEnded() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            let path = "/customers/\(fixture.customer)/membership/override"
            let until = Date().addingTimeInterval(30 * 86_400).formatted(.iso8601)

            let agent = try await TestApp.login(client, username: "cs.agent")
            let forbidden = try await TestApp.send(client, .put, path, token: agent,
                                                   json: #"{"tier":"diamond","reason":"chairman's guest","until":"\#(until)"}"#)
            #expect(forbidden.status == .forbidden)
            let unknown = try await TestApp.send(client, .put, path, token: fixture.admin, json: #"{"tier":"platinum","reason":"chairman's guest"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.error["field"] == "tier", "\(unknown.error)")
            let past = try await TestApp.send(client, .put, path, token: fixture.admin,
                                              json: #"{"tier":"diamond","reason":"chairman's guest","until":"2020-01-01T00:00:00Z"}"#)
            #expect(past.status == .unprocessableContent)
            #expect(past.error["field"] == "until", "\(past.error)")
            #expect(try await Self.history(client, fixture).isEmpty, "refused overrides change nothing")

            let set = try await TestApp.send(client, .put, path, token: fixture.admin,
                                             json: #"{"tier":"diamond","reason":"chairman's guest","until":"\#(until)"}"#)
            #expect(set.status == .ok, "\(set.error)")
            #expect(set.json["tier"] as? String == "diamond")
            #expect(set.json["earnedTier"] as? String == "regular")
            let membership = try await Self.membership(client, fixture)
            #expect(membership["tier"] as? String == "diamond")
            #expect(membership["tierNameEn"] as? String == "Diamond")
            #expect(membership["earnedTier"] as? String == "regular")
            #expect((membership["benefits"] as? [String: Any])?["pointsMultiplierPercent"] as? Int == 200)
            let override = try #require(membership["override"] as? [String: Any])
            #expect(override["tier"] as? String == "diamond")
            #expect(override["reason"] as? String == "chairman's guest")
            #expect(override["setBy"] as? String == "admin")
            #expect(override["until"] as? String != nil)
            let setHistory = try await Self.history(client, fixture)
            let setChange = setHistory.first { $0["cause"] as? String == "override_set" }
            #expect(setChange?["fromTier"] as? String == "regular")
            #expect(setChange?["toTier"] as? String == "diamond")
            #expect((membership["reason"] as? [String: Any])?["cause"] as? String == "override_set")

            // While the override lasts, orders earn at Diamond's 200%: ¥123.45 → 246 points. The order is dated
            // after the override was set (whole seconds, hence the pause).
            try await Task.sleep(for: .milliseconds(1_100))
            let orderId = try await Self.placeOrder(client, fixture, pos: "MB-5", at: Date().formatted(.iso8601),
                                                    lines: [(12_345, 1)], payments: [("cash", 12_345)])
            let statement = try await Self.points(client, fixture)
            let earned = statement.items.first { $0["orderId"] as? String == orderId && $0["kind"] as? String == "earn" }
            #expect(earned?["points"] as? Int == 246, "\(statement.items)")

            let ended = try await TestApp.send(client, .delete, path, token: fixture.admin)
            #expect(ended.status == .ok, "\(ended.error)")
            #expect(ended.json["tier"] as? String == "regular")
            #expect(ended.json["override"] == nil)
            let after = try await Self.membership(client, fixture)
            #expect(after["tier"] as? String == "regular")
            #expect(after["earnedTier"] as? String == "regular")
            #expect(after["override"] == nil)
            let endHistory = try await Self.history(client, fixture)
            let endChange = endHistory.first { $0["cause"] as? String == "override_ended" }
            #expect(endChange?["fromTier"] as? String == "diamond")
            #expect(endChange?["toTier"] as? String == "regular")
            #expect(endHistory.first?["cause"] as? String == "override_ended", "history is newest first")
            let again = try await TestApp.send(client, .delete, path, token: fixture.admin)
            #expect(again.status == .ok, "ending an override twice is harmless")
            #expect(try await Self.history(client, fixture).count == endHistory.count)

            let setTrail = try await Self.audit(client, action: "membership.override_set", resourceId: fixture.customer)
            #expect(setTrail.count == 1)
            #expect(setTrail.first?["actorName"] as? String == "admin")
            let endTrail = try await Self.audit(client, action: "membership.override_ended", resourceId: fixture.customer)
            #expect(endTrail.count == 1)
        }
    }

    // MARK: - 6. Programme

    @Test func theProgrammeIsDataThatOnlySettingsManagersChangeAndItMovesTiers() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            let marketing = try await TestApp.login(client, username: "marketing")
            let current = try await TestApp.send(client, .get, "/membership/programme", token: marketing)
            #expect(current.status == .ok, "\(current.error)")
            let tiers = try #require(current.json["tiers"] as? [[String: Any]])
            #expect(tiers.map { $0["code"] as? String } == ["regular", "silver", "gold", "diamond"])
            #expect(tiers.first?["qualification"] == nil)
            #expect(current.json["windowMonths"] as? Int == 12)
            #expect(current.json["currency"] as? String == "CNY")

            // The customer has spent ¥123.45: still Regular under the defaults.
            _ = try await Self.placeOrder(client, fixture, pos: "MB-6a", at: Self.ago(minutes: 60),
                                          lines: [(12_345, 1)], payments: [("cash", 12_345)])
            #expect(try await Self.membership(client, fixture)["tier"] as? String == "regular")

            func silverThreshold(_ programme: [String: Any]) -> Int? {
                let silver = (programme["tiers"] as? [[String: Any]])?.first { $0["code"] as? String == "silver" }
                let conditions = (silver?["qualification"] as? [String: Any])?["conditions"] as? [[String: Any]]
                return conditions?.first { $0["metric"] as? String == "netSpend" }?["atLeast"] as? Int
            }
            #expect(silverThreshold(current.json) == 200_000)
            var modified = current.json
            var changedTiers = tiers
            var silverRule = try #require(changedTiers[1]["qualification"] as? [String: Any])
            var conditions = try #require(silverRule["conditions"] as? [[String: Any]])
            let spendIndex = try #require(conditions.firstIndex { $0["metric"] as? String == "netSpend" })
            conditions[spendIndex]["atLeast"] = 10_000
            silverRule["conditions"] = conditions
            changedTiers[1]["qualification"] = silverRule
            modified["tiers"] = changedTiers

            let notAllowed = try await TestApp.send(client, .put, "/membership/programme", token: marketing, json: try Self.jsonString(modified))
            #expect(notAllowed.status == .forbidden)
            #expect(silverThreshold(try await TestApp.send(client, .get, "/membership/programme", token: fixture.admin).json) == 200_000)

            let saved = try await TestApp.send(client, .put, "/membership/programme", token: fixture.admin, json: try Self.jsonString(modified))
            #expect(saved.status == .ok, "\(saved.error)")
            #expect(silverThreshold(saved.json) == 10_000)
            let reread = try await TestApp.send(client, .get, "/membership/programme", token: fixture.admin)
            #expect(silverThreshold(reread.json) == 10_000)
            #expect((reread.json["tiers"] as? [[String: Any]])?.count == 4)

            var qualifiedFirst = modified
            var firstTiers = changedTiers
            firstTiers[0]["qualification"] = ["match": "any", "conditions": [["metric": "orders", "atLeast": 1] as [String: Any]]] as [String: Any]
            qualifiedFirst["tiers"] = firstTiers
            var duplicated = modified
            var duplicateTiers = changedTiers
            duplicateTiers[2]["code"] = "silver"
            duplicated["tiers"] = duplicateTiers
            var noWindow = modified
            noWindow["windowMonths"] = 0
            for (programme, field) in [(qualifiedFirst, "tiers[0].qualification"), (duplicated, "tiers[2].code"), (noWindow, "windowMonths")] {
                let refused = try await TestApp.send(client, .put, "/membership/programme", token: fixture.admin, json: try Self.jsonString(programme))
                #expect(refused.status == .unprocessableContent, "\(field): \(refused.status)")
                #expect(refused.error["field"] == field, "\(refused.error)")
            }
            let kept = try await TestApp.send(client, .get, "/membership/programme", token: fixture.admin).json
            #expect(silverThreshold(kept) == 10_000, "a refused programme leaves the saved one in force")
            #expect(kept["windowMonths"] as? Int == 12)
            #expect((kept["tiers"] as? [[String: Any]])?.map { $0["code"] as? String } == ["regular", "silver", "gold", "diamond"])

            // The new rule applies from now on: the customer moves up with the next order, which names the cause.
            let waiting = try await Self.membership(client, fixture)
            #expect(waiting["tier"] as? String == "regular")
            #expect((waiting["progress"] as? [String: Any])?["tier"] as? String == "silver")
            let trigger = try await Self.placeOrder(client, fixture, pos: "MB-6b", at: Self.ago(minutes: 30),
                                                    lines: [(1_000, 1)], payments: [("cash", 1_000)])
            let upgraded = try await Self.membership(client, fixture)
            #expect(upgraded["tier"] as? String == "silver")
            #expect(upgraded["earnedTier"] as? String == "silver")
            #expect(upgraded["tierNameEn"] as? String == "Silver")
            #expect(upgraded["reviewDue"] as? String != nil, "a tier above the first is reviewed on its anniversary")
            let history = try await Self.history(client, fixture)
            let change = history.first { $0["cause"] as? String == "qualifying_order" }
            #expect(change?["orderId"] as? String == trigger)
            #expect(change?["fromTier"] as? String == "regular")
            #expect(change?["toTier"] as? String == "silver")
            #expect((upgraded["reason"] as? [String: Any])?["orderId"] as? String == trigger)

            let trail = try await Self.audit(client, action: "settings.membership_programme_changed", resourceId: "membership-programme")
            #expect(trail.count == 1, "one accepted change, refused ones are not audited")
        }
    }

    // MARK: - 7. Liability

    @Test func theLiabilityValuesOutstandingPointsAtTheRedemptionRate() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            let analyst = try await TestApp.login(client, username: "analyst")
            let before = try await TestApp.send(client, .get, "/membership/liability", token: analyst)
            #expect(before.status == .ok, "\(before.error)")
            _ = try await Self.placeOrder(client, fixture, pos: "MB-7", at: Self.ago(minutes: 60),
                                          lines: [(12_345, 1)], payments: [("cash", 12_345)])
            #expect(try await Self.balance(client, fixture) == 123)

            let liability = try await TestApp.send(client, .get, "/membership/liability", token: analyst)
            #expect(liability.status == .ok, "\(liability.error)")
            let available = try #require(liability.json["availablePoints"] as? Int)
            let pending = try #require(liability.json["pendingPoints"] as? Int)
            #expect(available >= 123)
            #expect(liability.json["value"] as? Int == available + pending, "100 points = ¥1 = 100 fen: one fen per point")
            #expect(liability.json["currency"] as? String == "CNY")
            #expect(liability.json["asOf"] as? String != nil)
            #expect(available - (before.json["availablePoints"] as? Int ?? 0) == 123,
                    "the new customer's 123 points are added to the available liability (no pending period under the defaults)")
            #expect(pending == before.json["pendingPoints"] as? Int)
            #expect((liability.json["members"] as? Int ?? 0) == (before.json["members"] as? Int ?? 0) + 1)

            let sales = try await TestApp.login(client, username: "sh001.sales")
            let refused = try await TestApp.send(client, .get, "/membership/liability", token: sales)
            #expect(refused.status == .forbidden, "a sales associate has no analytics.view")
        }
    }

    // MARK: - 8. Export

    @Test func theExportCarriesTheWholeLedgerOldestFirst() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client)
            let orderId = try await Self.placeOrder(client, fixture, pos: "MB-8", at: Self.ago(minutes: 60),
                                                    lines: [(10_000, 1), (2_345, 1)], payments: [("cash", 12_345)])
            let adjusted = try await TestApp.send(client, .post, "/customers/\(fixture.customer)/points/adjustments", token: fixture.admin,
                                                  json: #"{"points":500,"reason":"welcome gift"}"#)
            #expect(adjusted.status == .created, "\(adjusted.error)")
            let returned = try await TestApp.send(client, .post, "/orders/\(orderId)/returns", token: fixture.admin,
                                                  json: #"{"reason":"wrong colour","lines":[{"line":2,"quantity":1}]}"#)
            #expect(returned.status == .created, "\(returned.error)")

            let ledger = try await Self.points(client, fixture).items
            #expect(ledger.map { $0["kind"] as? String } == ["reverse", "adjust", "earn"], "the statement is newest first")
            let export = try await TestApp.send(client, .get, "/customers/\(fixture.customer)/export", token: fixture.admin)
            #expect(export.status == .ok, "\(export.error)")
            let exported = try #require(export.json["points"] as? [[String: Any]])
            #expect(exported.count == ledger.count)
            #expect(exported.map { $0["sequence"] as? Int } == [1, 2, 3])
            #expect(exported.map { $0["sequence"] as? Int } == ledger.reversed().map { $0["sequence"] as? Int })
            #expect(exported.map { $0["kind"] as? String } == ["earn", "adjust", "reverse"])
            #expect(exported.map { $0["points"] as? Int } == [123, 500, -23])
            #expect(exported.last?["balanceAfter"] as? Int == 600)
        }
    }
}
