import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

private let system = Caller.system("persona test")

/// Persona tags as the marketer relies on them: a known history gives the documented tags, orders and
/// returns change them in the same transaction, a refresh gives what the per-event updates gave, and merges
/// and erasures carry or drop them. Both engines.
struct PersonaTests {
    struct Failure: Error {}

    /// Two stores in Shanghai, a dress category priced 100/200/300 yuan and a tea category priced 10/20/30.
    struct World {
        let services: PatronServices
        let storeA: Store
        let storeB: Store
        let dresses: [Product]
        let teas: [Product]

        init(_ database: Database) async throws {
            services = try await PatronServices(database: database, cipher: try await FieldCipher.load(.random(), database: database),
                                                hasher: BcryptPasswordHasher(cost: 4), signIn: .init(addresses: nil))
            storeA = try await services.stores.create(Store(code: "PA-A", name: "甲店", city: "上海", region: "华东"), by: system, requestId: nil)
            storeB = try await services.stores.create(Store(code: "PA-B", name: "乙店", city: "上海", region: "华东"), by: system, requestId: nil)
            dresses = try await Self.products("DRESS", prices: [10_000, 20_000, 30_000], services)
            teas = try await Self.products("TEA", prices: [1_000, 2_000, 3_000], services)
        }

        static func products(_ code: String, prices: [Int64], _ services: PatronServices) async throws -> [Product] {
            let category = try await services.catalogue.save(ProductCategory(code: code, nameZh: code, nameEn: code), by: system, requestId: nil)
            var products: [Product] = []
            for (index, price) in prices.enumerated() {
                let (product, _) = try await services.catalogue.save(
                    Product(sku: "\(code)-\(index)", nameZh: code, nameEn: code, categoryId: category.id, brand: nil,
                            listPrice: Money(minorUnits: price, currency: .cny)), by: system, requestId: nil)
                products.append(product)
            }
            return products
        }

        func customer(_ mobile: String) async throws -> Customer.ID {
            guard case .created(let customer) = try await services.customers.create(
                CustomerDraft(name: "画像", mobile: mobile, sourceChannel: .store), upsert: false, by: system, requestId: nil) else { throw Failure() }
            return customer.id
        }

        /// A sale at a Shanghai wall-clock time in March 2026 (the 7th is a Saturday).
        @discardableResult
        func sell(_ customer: Customer.ID, _ number: String, store: Store, channel: SalesChannel = .store, day: Int, hour: Int, minute: Int = 0,
                  _ product: Product, quantity: Int = 1, lineDiscount: Int64 = 0, orderDiscount: Int64 = 0) async throws -> Order {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let when = calendar.date(from: DateComponents(year: 2026, month: 3, day: day, hour: hour, minute: minute))!
            let price = product.listPrice.minorUnits
            let total = Int64(quantity) * price - lineDiscount - orderDiscount
            let order = Order(storeId: store.id, posNumber: number, channel: channel, customerId: customer, occurredAt: when,
                              lines: [OrderLine(sku: product.sku, productId: product.id, quantity: quantity, unitPriceMinor: price,
                                                discountMinor: lineDiscount)],
                              orderDiscountMinor: orderDiscount, payments: [Payment(method: .cash, amountMinor: total)])
            guard case .created(let stored) = try await services.sales.place(order, by: system, requestId: nil) else { throw Failure() }
            return stored
        }

        func tags(_ customer: Customer.ID) async throws -> [String: Double] {
            Dictionary(uniqueKeysWithValues: try await services.personas.personas(of: customer, by: system).map { ($0.tag.text, $0.score) })
        }
    }

    /// Every stored tag but the time it was computed, for comparing a refresh with the per-event updates.
    static func snapshot(_ database: Database) async throws -> [String] {
        try await database.read { sql in
            try await sql.select().columns("customer_id", "kind", "value", "score").from("customer_personas").all().map { row in
                "\(try row.decode(column: "customer_id", as: UUID.self)) \(try row.decode(column: "kind", as: String.self)):"
                    + "\(try row.decode(column: "value", as: String.self)) \(try row.decode(column: "score", as: Double.self))"
            }.sorted()
        }
    }

    static func expect(_ tags: [String: Double], _ expected: [String: Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(tags.keys) == Set(expected.keys), sourceLocation: sourceLocation)
        for (tag, score) in expected {
            #expect(abs((tags[tag] ?? -1) - score) < 1e-9, "\(tag): \(tags[tag] ?? -1) ≠ \(score)", sourceLocation: sourceLocation)
        }
    }

    @Test func aKnownHistoryGivesTheDocumentedTagsAndAReturnChangesThemAtOnce() async throws {
        try await TestDatabase.with { database in
            let world = try await World(database)
            let customer = try await world.customer("13800000001")
            #expect(try await world.tags(customer).isEmpty)

            // Saturday and Sunday evenings in store A (dearest dress; one with a line discount), a Wednesday evening
            // cheapest tea in store A, a Tuesday morning dress online through store B with an order discount.
            let first = try await world.sell(customer, "P-1", store: world.storeA, day: 7, hour: 19, world.dresses[2], quantity: 2)
            try await world.sell(customer, "P-2", store: world.storeA, day: 8, hour: 20, world.dresses[2], lineDiscount: 5_000)
            try await world.sell(customer, "P-3", store: world.storeA, day: 11, hour: 18, minute: 30, world.teas[0])
            try await world.sell(customer, "P-4", store: world.storeB, channel: .online, day: 10, hour: 10, world.dresses[2], orderDiscount: 3_000)
            // Net spend 115,000 on dresses and 1,000 on tea; 55,000 of it discounted. Units: 4 premium dresses, 1 budget tea.
            Self.expect(try await world.tags(customer), [
                "channel:omnichannel": 0.25, "store:PA-A": 0.75, "daypart:evening": 0.75, "week:weekend": 0.5,
                "category:DRESS": 115_000.0 / 116_000, "discount:medium": 55_000.0 / 116_000, "price:premium": 8.0 / 5,
            ])

            // One of the two dresses of the first sale comes back: dresses 85,000 of 86,000, discounted share above half.
            _ = try await world.services.sales.returnGoods(
                OrderReturn(orderId: first.id, lines: [.init(lineNumber: 1, quantity: 1)], refunds: [], reason: "size"), by: system, requestId: nil)
            Self.expect(try await world.tags(customer), [
                "channel:omnichannel": 0.25, "store:PA-A": 0.75, "daypart:evening": 0.75, "week:weekend": 0.5,
                "category:DRESS": 85_000.0 / 86_000, "discount:high": 55_000.0 / 86_000, "price:premium": 6.0 / 4,
            ])

            // The tea's order refunded whole stops counting as an order at all.
            let tea = try #require(try await world.services.orders.list(OrderFilter(customerId: customer), page: try PageRequest(limit: 10), by: system)
                .items.first { $0.posNumber == "P-3" })
            _ = try await world.services.sales.returnGoods(
                OrderReturn(orderId: tea.id, lines: [.init(lineNumber: 1, quantity: 1)], refunds: [], reason: "taste"), by: system, requestId: nil)
            Self.expect(try await world.tags(customer), [
                "channel:omnichannel": 1.0 / 3, "store:PA-A": 2.0 / 3, "daypart:evening": 2.0 / 3, "week:weekend": 2.0 / 3,
                "category:DRESS": 1, "discount:high": 55_000.0 / 85_000, "price:premium": 6.0 / 3,
            ])
        }
    }

    @Test func aRefreshGivesWhatThePerEventUpdatesGave() async throws {
        try await TestDatabase.with { database in
            // The demo's orders go through the standard subscribers, so every demo customer is tagged per event.
            _ = try await DemoLoader(database: database, cipher: FieldCipher(.random()), hasher: BcryptPasswordHasher(cost: 4),
                                     logger: TestDatabase.logger)
                .load(.init(seed: 3, customerCount: 40, serviceData: false), adminPassword: "demo-password-1")
            let perEvent = try await Self.snapshot(database)
            #expect(perEvent.count > 40)
            let personas = SQLPersonaRepository(database)
            let report = try await personas.refresh(at: Date())
            #expect(report.tags == perEvent.count)
            #expect(try await Self.snapshot(database) == perEvent)

            let counts = try await personas.tagCounts().sorted { $0.tag < $1.tag }
            #expect(counts.reduce(0) { $0 + $1.customers } == perEvent.count)
            #expect(Set(counts.map(\.tag.kind)).isSuperset(of: [.channel, .store, .daypart, .week, .category, .discount, .price]))
        }
    }

    @Test func aMergeRecomputesTheSurvivorAndAnErasureDropsTheTags() async throws {
        try await TestDatabase.with { database in
            let world = try await World(database)
            let survivor = try await world.customer("13800000002")
            let duplicate = try await world.customer("13800000003")
            try await world.sell(survivor, "M-1", store: world.storeA, day: 7, hour: 9, world.teas[0])
            try await world.sell(duplicate, "M-2", store: world.storeB, channel: .online, day: 9, hour: 23, world.dresses[0])
            try await world.sell(duplicate, "M-3", store: world.storeB, channel: .app, day: 9, hour: 23, world.dresses[0])
            #expect(try await world.tags(duplicate)["channel:online"] == 1)

            _ = try await world.services.customers.merge(duplicate: duplicate, into: survivor, by: system, requestId: nil)
            let merged = try await world.tags(survivor)
            #expect(abs((merged["channel:omnichannel"] ?? 0) - 1.0 / 3) < 1e-9)
            #expect(abs((merged["daypart:night"] ?? 0) - 2.0 / 3) < 1e-9)
            #expect(merged["category:DRESS"] != nil && merged["price:budget"] != nil)
            let left = try await database.read { sql in
                try await sql.select().column("kind").from("customer_personas").where("customer_id", .equal, duplicate).all().count
            }
            #expect(left == 0)

            try await world.services.customers.erase(survivor, reason: "asked to be forgotten", by: system, requestId: nil)
            #expect(try await Self.snapshot(database).isEmpty)
            _ = try await world.services.personas.refresh(at: Date(), by: system)
            #expect(try await Self.snapshot(database).isEmpty, "an erased customer's anonymous orders give no tags")
        }
    }

    @Test func theCallerNeedsThePermissionAndAStoreScopedCallerSeesOnlyTheirOwnStore() async throws {
        try await TestDatabase.with { database in
            let world = try await World(database)
            let customer = try await world.customer("13800000004")
            try await world.sell(customer, "S-1", store: world.storeB, day: 7, hour: 12, world.teas[1])
            let nobody = Caller(identity: .system("nobody"), grants: Grants(everywhere: []))
            await #expect(throws: PatronError.self) { try await world.services.personas.personas(of: customer, by: nobody) }
            await #expect(throws: PatronError.self) { try await world.services.personas.tagCounts(by: nobody) }
            await #expect(throws: PatronError.self) { try await world.services.personas.refresh(at: Date(), by: nobody) }
            let managerOfA = Caller(identity: .system("manager of A"),
                                    grants: Grants(everywhere: [.customersRead], inHomeStore: [.ordersRead], homeStoreId: world.storeA.id))
            let seen = try await world.services.personas.personas(of: customer, by: managerOfA).map(\.tag.text)
            #expect(!seen.contains("store:PA-B") && seen.contains("price:mid"))
            #expect(try await world.tags(customer)["store:PA-B"] == 1)
            await #expect(throws: PatronError.self) { try await world.services.personas.personas(of: UUID(), by: system) }
        }
    }
}
