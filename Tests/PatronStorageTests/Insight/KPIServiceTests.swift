import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// KPI figures on a small constructed chain, against numbers worked out by hand. Days are Shanghai days
/// (UTC+8): an order at 07:30 local on 4 March is 23:30 UTC on 3 March and must count on the 4th.
struct KPIServiceTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    static let system = Caller.system("kpi test")

    /// A local Shanghai time.
    static func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "+08:00")!
    }

    struct Chain {
        let services: PatronServices
        let storeA: UUID
        let storeB: UUID
    }

    /// Store A: C1 buys 100.00 on 2 Mar and 50.00 on 3 Mar and returns 25.00 of the first on 5 Mar; C2 buys
    /// 30.00 online on 4 Mar 07:30 and 40.00 on 10 Apr; a guest buys 20.00 on 4 Mar; a cancelled 999.99 on
    /// 2 Mar counts nowhere. Store B: C3 buys 80.00 on 4 Mar. C4 (store A) bought 60.00 on 15 Feb.
    /// C1–C3 joined on 2 Mar, C4 on 1 Feb.
    static func chain(_ database: Database) async throws -> Chain {
        let services = try await PatronServices(database: database, cipher: try await FieldCipher.load(.random(), database: database),
                                                hasher: BcryptPasswordHasher(cost: 4), signIn: .init(addresses: nil))
        let storeA = try await services.stores.create(Store(code: "KPI-A", name: "甲", city: "上海", region: "华东"), by: system, requestId: nil).id
        let storeB = try await services.stores.create(Store(code: "KPI-B", name: "乙", city: "北京", region: "华北"), by: system, requestId: nil).id
        let (c1, c2, c3, c4) = (UUID(), UUID(), UUID(), UUID())
        try await database.transaction { sql in
            for (id, store, joined) in [(c1, storeA, "2026-03-02T12:00:00"), (c2, storeA, "2026-03-02T12:00:00"), (c3, storeB, "2026-03-02T12:00:00"),
                                        (c4, storeA, "2026-02-01T12:00:00")] {
                try await sql.insert(into: "customers").columns("id", "name_enc", "gender", "preferred_store_id", "source_channel", "created_at", "updated_at")
                    .values(SQLBind(id), SQLBind(Data([1])), SQLBind("unspecified"), SQLBind(store), SQLBind("store"), SQLBind(at(joined)), SQLBind(at(joined)))
                    .run()
            }
            let orders: [(UUID, UUID, String, UUID?, String, Int64, String)] = [
                (UUID(), storeA, "store", c1, "2026-03-02T10:00:00", 10_000, "partially_refunded"),
                (UUID(), storeA, "store", c1, "2026-03-03T10:00:00", 5_000, "paid"),
                (UUID(), storeA, "online", c2, "2026-03-04T07:30:00", 3_000, "paid"),
                (UUID(), storeA, "store", nil, "2026-03-04T12:00:00", 2_000, "paid"),
                (UUID(), storeB, "store", c3, "2026-03-04T12:00:00", 8_000, "paid"),
                (UUID(), storeA, "store", c2, "2026-04-10T12:00:00", 4_000, "paid"),
                (UUID(), storeA, "store", c1, "2026-03-02T11:00:00", 99_999, "cancelled"),
                (UUID(), storeA, "store", c4, "2026-02-15T12:00:00", 6_000, "paid"),
            ]
            for (number, order) in orders.enumerated() {
                try await sql.insert(into: "orders")
                    .columns("id", "store_id", "pos_number", "channel", "customer_id", "occurred_at", "currency", "subtotal", "order_discount", "total",
                             "status", "created_at")
                    .values(SQLBind(order.0), SQLBind(order.1), SQLBind("K-\(number)"), SQLBind(order.2), SQLBind(order.3), SQLBind(at(order.4)),
                            SQLBind("CNY"), SQLBind(order.5), SQLBind(Int64(0)), SQLBind(order.5), SQLBind(order.6), SQLBind(at(order.4)))
                    .run()
            }
            try await sql.insert(into: "order_returns").columns("id", "order_id", "reason", "refund_total", "created_at")
                .values(SQLBind(UUID()), SQLBind(orders[0].0), SQLBind("size"), SQLBind(Int64(2_500)), SQLBind(at("2026-03-05T15:00:00"))).run()
        }
        return Chain(services: services, storeA: storeA, storeB: storeB)
    }

    static let march = try! KPIRange(from: "2026-03-02", to: "2026-03-08")

    @Test func salesFiguresMatchTheHandCount() async throws {
        try await TestDatabase.with { database in
            let chain = try await Self.chain(database)
            let run = try await chain.services.kpis.refresh(at: Self.at("2026-04-20T09:00:00"), by: Self.system)
            #expect(run.full && run.days == 65)

            let week = try await chain.services.kpis.kpis(Self.march, period: .week, by: Self.system)
            #expect(week.points.map(\.period) == ["2026-03-02"])
            let total = week.total
            #expect(total.sums == KPISums(orders: 5, salesMinor: 28_000, memberOrders: 4, memberSalesMinor: 26_000, returns: 1, refundsMinor: 2_500))
            #expect(total.netSalesMinor == 25_500)
            #expect(total.averageOrderValueMinor == 5_100)
            #expect(total.buyers == KPIBuyers(active: 3, repeaters: 1))
            #expect(total.repeatRate == 1.0 / 3.0)
            #expect(total.returnsRate == 2_500.0 / 28_000.0)
            #expect(total.memberShareOfOrders == 0.8)
            #expect(total.newMembers == 3)
            #expect(week.points[0].sums == total.sums)

            let days = try await chain.services.kpis.kpis(Self.march, period: .day, by: Self.system)
            #expect(days.points.count == 7)
            #expect(days.points.map(\.sums.orders) == [1, 1, 3, 0, 0, 0, 0])
            #expect(days.points.map(\.sums.refundsMinor) == [0, 0, 0, 2_500, 0, 0, 0])
            #expect(days.points[2].sums.salesMinor == 13_000)
            #expect(days.points[0].newMembers == 3)
            #expect(days.points[3].averageOrderValueMinor == nil)

            let online = try await chain.services.kpis.kpis(Self.march, period: .month, channel: .online, by: Self.system)
            #expect(online.points.map(\.period) == ["2026-03"])
            #expect(online.total.sums.salesMinor == 3_000 && online.total.buyers == KPIBuyers(active: 1, repeaters: 0))
        }
    }

    @Test func aStoreScopedReaderSeesOnlyTheirStore() async throws {
        try await TestDatabase.with { database in
            let chain = try await Self.chain(database)
            _ = try await chain.services.kpis.refresh(at: Self.at("2026-04-20T09:00:00"), by: Self.system)
            let reader = Caller(identity: .system("store A reader"), grants: Grants(everywhere: [], inHomeStore: [.ordersRead], homeStoreId: chain.storeA))
            let own = try await chain.services.kpis.kpis(Self.march, period: .week, by: reader)
            #expect(own.storeId == chain.storeA)
            #expect(own.total.sums == KPISums(orders: 4, salesMinor: 20_000, memberOrders: 3, memberSalesMinor: 18_000, returns: 1, refundsMinor: 2_500))
            #expect(own.total.averageOrderValueMinor == 4_375)
            #expect(own.total.buyers == KPIBuyers(active: 2, repeaters: 1))
            #expect(own.total.newMembers == 2)
            #expect(own.membership.liability == nil)
            let named = try await chain.services.kpis.kpis(Self.march, period: .week, storeId: chain.storeA, by: Self.system)
            #expect(named.total == own.total)
            await #expect(throws: PatronError.self) {
                _ = try await chain.services.kpis.kpis(Self.march, period: .week, storeId: chain.storeB, by: reader)
            }
            await #expect(throws: PatronError.self) { _ = try await chain.services.kpis.cohorts(Self.march, by: reader) }
            // orders.read bound to the home store narrows even a holder of analytics.view, as on the home page.
            let manager = Caller(identity: .system("store A manager"),
                                 grants: Grants(everywhere: [.analyticsView], inHomeStore: [.ordersRead], homeStoreId: chain.storeA))
            #expect(try await chain.services.kpis.kpis(Self.march, period: .week, by: manager).total == own.total)
        }
    }

    @Test func cohortsCountRepeatBuyersByFirstPurchaseMonth() async throws {
        try await TestDatabase.with { database in
            let chain = try await Self.chain(database)
            _ = try await chain.services.kpis.refresh(at: Self.at("2026-04-20T09:00:00"), by: Self.system)
            let triangle = try await chain.services.kpis.cohorts(try KPIRange(from: "2026-01-01", to: "2026-04-30"), by: Self.system)
            #expect(triangle.rows == [
                CohortTriangle.Row(cohort: "2026-02", customers: 1, buyers: [1]),
                CohortTriangle.Row(cohort: "2026-03", customers: 3, buyers: [3, 1]),
            ])
            #expect(triangle.rows[1].retention == [1, 1.0 / 3.0])
            #expect(triangle.computedAt == Self.at("2026-04-20T09:00:00"))
        }
    }

    @Test func anIncrementalRefreshPicksUpRecentOrdersAndKeepsTheRest() async throws {
        try await TestDatabase.with { database in
            let chain = try await Self.chain(database)
            _ = try await chain.services.kpis.refresh(at: Self.at("2026-03-06T09:00:00"), by: Self.system)
            try await database.transaction { sql in
                try await sql.insert(into: "orders")
                    .columns("id", "store_id", "pos_number", "channel", "customer_id", "occurred_at", "currency", "subtotal", "order_discount", "total",
                             "status", "created_at")
                    .values(SQLBind(UUID()), SQLBind(chain.storeB), SQLBind("LATE-1"), SQLBind("store"), SQLBind(UUID?.none),
                            SQLBind(Self.at("2026-03-06T08:00:00")), SQLBind("CNY"), SQLBind(Int64(700)), SQLBind(Int64(0)), SQLBind(Int64(700)),
                            SQLBind("paid"), SQLBind(Self.at("2026-03-06T08:00:00")))
                    .run()
            }
            let run = try await chain.services.kpis.refresh(at: Self.at("2026-03-07T09:00:00"), by: Self.system)
            #expect(!run.full && run.days == KPIService.recentDays + 2)
            let total = try await chain.services.kpis.kpis(Self.march, period: .week, by: Self.system).total
            #expect(total.sums.orders == 6 && total.sums.salesMinor == 28_700 && total.sums.refundsMinor == 2_500)
        }
    }

    /// The rollup and the triangle as stored, for comparing one refresh with another.
    static func snapshot(_ database: Database) async throws -> (daily: [String], cohorts: [String]) {
        try await database.read { sql in
            let daily = try await sql.raw("SELECT day, store_id, channel, orders, sales, member_orders, returns, refunds FROM kpi_daily ORDER BY day, store_id, channel")
                .all().map { row in
                    try ["day", "orders", "sales", "member_orders", "returns", "refunds"].map { String(try row.decode(column: $0, as: Int64.self)) }
                        .joined(separator: "/") + "/" + (try row.decode(column: "channel", as: String.self))
                }
            let cohorts = try await sql.raw("SELECT cohort_month, months_since, buyers FROM kpi_cohorts ORDER BY cohort_month, months_since").all().map { row in
                try ["cohort_month", "months_since", "buyers"].map { String(try row.decode(column: $0, as: Int64.self)) }.joined(separator: "/")
            }
            return (daily, cohorts)
        }
    }

    static func insertOrder(_ database: Database, store: UUID, customer: UUID?, at time: Date, total: Int64) async throws {
        try await database.transaction { sql in
            try await sql.insert(into: "orders")
                .columns("id", "store_id", "pos_number", "channel", "customer_id", "occurred_at", "currency", "subtotal", "order_discount", "total",
                         "status", "created_at")
                .values(SQLBind(UUID()), SQLBind(store), SQLBind("X-\(UUID().uuidString.prefix(8))"), SQLBind("store"), SQLBind(customer),
                        SQLBind(time), SQLBind("CNY"), SQLBind(total), SQLBind(Int64(0)), SQLBind(total), SQLBind("paid"), SQLBind(time))
                .run()
        }
    }

    @Test func anIncrementalRefreshStoresWhatAFullOneWould() async throws {
        try await TestDatabase.with { database in
            let chain = try await Self.chain(database)
            _ = try await chain.services.kpis.refresh(at: Self.at("2026-03-06T09:00:00"), by: Self.system)
            // A first purchase, a repeat in a later month and a guest sale after the first refresh.
            let newcomer = UUID()
            try await database.transaction { sql in
                try await sql.insert(into: "customers").columns("id", "name_enc", "gender", "preferred_store_id", "source_channel", "created_at", "updated_at")
                    .values(SQLBind(newcomer), SQLBind(Data([1])), SQLBind("unspecified"), SQLBind(chain.storeB), SQLBind("store"),
                            SQLBind(Self.at("2026-03-07T10:00:00")), SQLBind(Self.at("2026-03-07T10:00:00"))).run()
            }
            try await Self.insertOrder(database, store: chain.storeB, customer: newcomer, at: Self.at("2026-03-07T10:00:00"), total: 1_500)
            try await Self.insertOrder(database, store: chain.storeB, customer: newcomer, at: Self.at("2026-04-12T10:00:00"), total: 2_500)
            try await Self.insertOrder(database, store: chain.storeA, customer: nil, at: Self.at("2026-03-08T23:30:00"), total: 900)
            let incremental = try await chain.services.kpis.refresh(at: Self.at("2026-04-20T09:00:00"), by: Self.system)
            #expect(!incremental.full)
            let afterIncremental = try await Self.snapshot(database)
            let full = try await chain.services.kpis.refresh(at: Self.at("2026-04-20T09:00:00"), full: true, by: Self.system)
            #expect(full.full)
            let afterFull = try await Self.snapshot(database)
            #expect(afterIncremental.daily == afterFull.daily)
            #expect(afterIncremental.cohorts == afterFull.cohorts)
            let triangle = try await chain.services.kpis.cohorts(try KPIRange(from: "2026-01-01", to: "2026-04-30"), by: Self.system)
            #expect(triangle.rows[1] == CohortTriangle.Row(cohort: "2026-03", customers: 4, buyers: [4, 2]))
        }
    }

    /// Europe/Berlin moves to summer time at 02:00 on 29 March 2026: an order at 23:30 local counts on its
    /// local day either side of the change, in one pass over the orders.
    @Test func localDaysFollowDaylightSaving() async throws {
        try await TestDatabase.with { database in
            let chain = try await Self.chain(database)
            let berlin = TimeZone(identifier: "Europe/Berlin")!
            let formatter = ISO8601DateFormatter()
            try await Self.insertOrder(database, store: chain.storeB, customer: nil, at: formatter.date(from: "2026-03-28T23:30:00+01:00")!, total: 111)
            try await Self.insertOrder(database, store: chain.storeB, customer: nil, at: formatter.date(from: "2026-03-29T23:30:00+02:00")!, total: 222)
            let through = try ServiceDate(year: 2026, month: 4, day: 20)
            _ = try await SQLKPIRepository(database).refresh(from: nil, through: through, zone: berlin, at: Date())
            let days = try await database.read { sql in
                try await sql.raw("SELECT day, sales FROM kpi_daily WHERE sales IN (111, 222) ORDER BY sales").all()
                    .map { try $0.decode(column: "day", as: Int.self) }
            }
            #expect(days == [try ServiceDate(year: 2026, month: 3, day: 28).dayNumber, try ServiceDate(year: 2026, month: 3, day: 29).dayNumber])
        }
    }

    @Test func rangesAreBounded() throws {
        #expect(throws: PatronError.self) { try KPIRange(from: "2026-01-01", to: "2028-01-02") }
        #expect(throws: PatronError.self) { try KPIRange(from: "2026-03-02", to: "2026-03-01") }
        #expect(try KPIRange(from: "2026-01-01", to: "2027-12-31").days == 730)
        #expect(try KPIRange(from: "2026-01-30", to: "2026-03-02").spans(.month).map(\.key) == ["2026-01", "2026-02", "2026-03"])
    }
}
