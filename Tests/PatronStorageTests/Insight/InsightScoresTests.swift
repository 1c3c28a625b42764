import Foundation
import PatronCore
import PatronTestSupport
import SQLKit
import Synchronization
import Testing
@testable import PatronStorage

/// The stored insight on the real engines: features aggregated in SQL net of refunds, the per-order update
/// agreeing with a refresh, stage changes published, erasure removing the row.
struct InsightScoresTests {
    static let day: TimeInterval = 86_400

    struct Shop {
        let database: Database
        let cipher: FieldCipher
        let store: Store.ID
        let product: Product
        let customers: [Customer.ID]
    }

    static func shop(_ database: Database) async throws -> Shop {
        let options = DemoDataSet.Options(seed: 21, customerCount: 20, serviceData: false)
        let cipher = FieldCipher(.random())
        _ = try await DemoLoader(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4), logger: TestDatabase.logger)
            .load(options, adminPassword: "demo-password-1")
        let data = DemoDataSet.generate(options)
        return Shop(database: database, cipher: cipher, store: data.stores[0].id, product: data.products[0], customers: data.customers.map(\.id))
    }

    static func customer(_ shop: Shop) async throws -> Customer.ID {
        let customer = Customer(name: "测试顾客", mobile: nil, sourceChannel: .store)
        try await SQLCustomerRepository(shop.database, cipher: shop.cipher).insert(customer, changes: [], audit: .test)
        return customer.id
    }

    @discardableResult
    static func order(_ shop: Shop, _ customer: Customer.ID, daysAgo: Double, amount: Int64, events: DomainEvents = .standard) async throws -> Order {
        let order = Order(storeId: shop.store, posNumber: "INS-\(UUID().uuidString.prefix(8))", channel: .store, customerId: customer,
                          occurredAt: Date().addingTimeInterval(-daysAgo * day),
                          lines: [OrderLine(sku: shop.product.sku, productId: shop.product.id, quantity: 1, unitPriceMinor: amount)],
                          payments: [Payment(method: .cash, amountMinor: amount)])
        _ = try await SQLOrderRepository(shop.database, events: events).ingest(order, audit: .test)
        return order
    }

    static func refund(_ shop: Shop, _ order: Order) async throws {
        let orderReturn = OrderReturn(orderId: order.id, lines: [OrderReturn.Line(lineNumber: 1, quantity: 1)],
                                      refunds: [Payment(method: .cash, amountMinor: order.totalMinor)], reason: "does not fit")
        try await SQLOrderRepository(shop.database).record(orderReturn, status: .refunded, audit: .test)
    }

    static func stored(_ database: Database, _ customer: Customer.ID) async throws -> CustomerInsight? {
        try await database.read { sql in
            try await sql.select().column("*").from("customer_insight").where("customer_id", .equal, customer).first().map(InsightRows.decode)
        }
    }

    @Test func featuresAreAggregatedPerDayNetOfRefunds() async throws {
        try await TestDatabase.with { database in
            let shop = try await Self.shop(database)
            let buyer = try await Self.customer(shop)
            // Two orders on one day are one purchase; a later day is the repeat; a fully refunded day is no purchase.
            try await Self.order(shop, buyer, daysAgo: 70, amount: 10_000)
            try await Self.order(shop, buyer, daysAgo: 70, amount: 5_000)
            try await Self.order(shop, buyer, daysAgo: 14, amount: 8_000)
            let returned = try await Self.order(shop, buyer, daysAgo: 7, amount: 3_000)
            try await Self.refund(shop, returned)
            let prospect = try await Self.customer(shop)
            let refunder = try await Self.customer(shop)
            try await Self.refund(shop, try await Self.order(shop, refunder, daysAgo: 3, amount: 4_000))

            let repository = SQLInsightRepository(database)
            let report = try await repository.refresh(at: Date(), refit: true, rebuild: true) { _ in }
            #expect(report.customers == 20 + 3)

            let row = try #require(try await Self.stored(database, buyer))
            #expect(row.features.orders == 4)
            #expect(row.features.purchaseDays == 2)
            #expect(row.features.frequency == 1)
            #expect(row.features.netSpendMinor == 23_000)
            #expect(row.features.firstDaySpendMinor == 15_000)
            #expect(row.features.averageRepeatSpendMinor == 8_000)
            let first = try #require(row.features.firstPurchaseDay)
            let last = try #require(row.features.lastPurchaseDay)
            #expect(last - first == 56)
            #expect(row.rfm != nil && row.segment != nil)
            #expect(row.stage == .active)

            let none = try #require(try await Self.stored(database, prospect))
            #expect(none.stage == .prospect && none.rfm == nil && none.features.orders == 0)
            let refunded = try #require(try await Self.stored(database, refunder))
            #expect(refunded.stage == .prospect && refunded.rfm == nil && refunded.features.orders == 1 && refunded.features.netSpendMinor == 0)

            // The whole-base aggregate (no day level for customers never refunded) and the one-customer one
            // (every order event) agree on every kind of history, refunds and a zero-total order included.
            try await Self.order(shop, prospect, daysAgo: 30, amount: 0)
            _ = try await repository.refresh(at: Date(), refit: false, rebuild: true) { _ in }
            for customer in [buyer, prospect, refunder] + shop.customers.prefix(10) {
                let whole = try #require(try await Self.stored(database, customer))
                try await database.transaction { sql in
                    try await InsightRows.rescore([customer], at: whole.computedAt, events: DomainEvents([]), on: sql)
                }
                var single = try #require(try await Self.stored(database, customer))
                single.computedAt = whole.computedAt
                #expect(single == whole)
            }

            let overview = try await repository.rfmOverview()
            #expect(overview.grid.count == 25)
            #expect(overview.segments.map(\.customers).reduce(0, +) == overview.grid.map(\.customers).reduce(0, +))
            let lifecycle = try await repository.lifecycleOverview()
            #expect(lifecycle.stages.values.reduce(0, +) == report.customers)
            #expect(lifecycle.stages[.prospect, default: 0] >= 2)
        }
    }

    @Test func anOrderUpdatesTheCustomerAtOnceAndARescoreAgrees() async throws {
        try await TestDatabase.with { database in
            let shop = try await Self.shop(database)
            let buyer = try await Self.customer(shop)
            try await Self.order(shop, buyer, daysAgo: 40, amount: 12_000)
            let repository = SQLInsightRepository(database)
            _ = try await repository.refresh(at: Date(), refit: true, rebuild: false) { _ in }
            let before = try #require(try await Self.stored(database, buyer))
            #expect(before.stage == .new)

            try await Self.order(shop, buyer, daysAgo: 0, amount: 7_000)
            let after = try #require(try await Self.stored(database, buyer))
            #expect(after.features.purchaseDays == 2)
            #expect(after.features.netSpendMinor == 19_000)
            #expect(after.stage == .active)
            #expect(after.computedAt > before.computedAt)
            let forecastBefore = try #require(before.forecast, "the demo base is enough to fit the models")
            let forecastAfter = try #require(after.forecast)
            #expect(forecastAfter.clvMinor != forecastBefore.clvMinor)
            #expect(forecastAfter.expectedPurchases != forecastBefore.expectedPurchases)
            #expect((0...1).contains(forecastAfter.pAlive))

            // The same inputs scored by the whole-base path give the same row, from the orders or from the stored features.
            for rebuild in [true, false] {
                _ = try await repository.refresh(at: Date(), refit: false, rebuild: rebuild) { _ in }
                var rebuilt = try #require(try await Self.stored(database, buyer))
                rebuilt.computedAt = after.computedAt
                #expect(rebuilt == after, "rebuild: \(rebuild)")
            }

            // A full refresh (new cut points and models) keeps the features and the stage.
            _ = try await repository.refresh(at: Date(), refit: true, rebuild: false) { _ in }
            let refitted = try #require(try await Self.stored(database, buyer))
            #expect(refitted.features == after.features)
            #expect(refitted.stage == after.stage)
        }
    }

    final class Recorder: DomainEventSubscriber {
        let seen = Mutex<[LifecycleStageNotice]>([])

        func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
            for case .lifecycleStageChanged(let notice) in events { seen.withLock { $0.append(notice) } }
        }
    }

    @Test func aStageChangeIsPublishedInTheWriteAndErasureRemovesTheRow() async throws {
        try await TestDatabase.with { database in
            let shop = try await Self.shop(database)
            let lapsed = try await Self.customer(shop)
            try await Self.order(shop, lapsed, daysAgo: 500, amount: 20_000)
            try await Self.order(shop, lapsed, daysAgo: 420, amount: 20_000)
            let recorder = Recorder()
            let listeners = DomainEvents([recorder])
            _ = try await SQLInsightRepository(database, events: listeners).refresh(at: Date(), refit: true, rebuild: true) { _ in }
            #expect(try await Self.stored(database, lapsed)?.stage == .churned)
            #expect(recorder.seen.withLock { $0 }.isEmpty, "a first scoring is no change")

            let events = DomainEvents([MembershipEventSubscriber(), InsightEventSubscriber(listeners: { listeners })])
            try await Self.order(shop, lapsed, daysAgo: 0, amount: 5_000, events: events)
            #expect(try await Self.stored(database, lapsed)?.stage == .reactivated)
            let notices = recorder.seen.withLock { $0 }
            #expect(notices.count == 1)
            #expect(notices.first?.customerId == lapsed)
            #expect(notices.first?.previousStage == "churned")
            #expect(notices.first?.stage == "reactivated")

            try await SQLCustomerRepository(database, cipher: shop.cipher).erase(lapsed, audit: .test)
            #expect(try await Self.stored(database, lapsed) == nil)
            for rebuild in [true, false] {
                _ = try await SQLInsightRepository(database).refresh(at: Date(), refit: true, rebuild: rebuild) { _ in }
                #expect(try await Self.stored(database, lapsed) == nil, "an erased customer is not scored again (rebuild: \(rebuild))")
            }
        }
    }
}
