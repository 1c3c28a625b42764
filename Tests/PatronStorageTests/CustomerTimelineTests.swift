import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// The customer timeline as staff page through it: every kind once, newest first, nothing skipped or repeated
/// across pages (also when entries share a time), both histories after a merge, nothing personal after erase.
private let system = Caller.system("timeline test")

struct CustomerTimelineTests {

    /// Two stores, one product and a way to sell it to a customer at a given time.
    struct Chain {
        let services: PatronServices
        let storeA: Store
        let storeB: Store
        let product: Product
        let cipher: FieldCipher

        init(_ database: Database) async throws {
            cipher = try await FieldCipher.load(.random(), database: database)
            services = try await PatronServices(database: database, cipher: cipher,
                                                hasher: BcryptPasswordHasher(cost: 4), signIn: .init(addresses: nil))
            storeA = try await services.stores.create(Store(code: "TL-A", name: "甲店", city: "上海", region: "华东"), by: system, requestId: nil)
            storeB = try await services.stores.create(Store(code: "TL-B", name: "乙店", city: "北京", region: "华北"), by: system, requestId: nil)
            let category = try await services.catalogue.save(ProductCategory(code: "tl", nameZh: "线", nameEn: "Line"), by: system, requestId: nil)
            (product, _) = try await services.catalogue.save(
                Product(sku: "TL-1", nameZh: "大衣", nameEn: "Coat", categoryId: category.id, brand: nil,
                        listPrice: Money(minorUnits: 250_000, currency: .cny)), by: system, requestId: nil)
        }

        func customer(_ name: String, mobile: String) async throws -> Customer {
            guard case .created(let customer) = try await services.customers.create(
                CustomerDraft(name: name, mobile: mobile, sourceChannel: .store, notes: "喜欢深色大衣"), upsert: false, by: system, requestId: nil) else {
                throw Failure()
            }
            return customer
        }

        @discardableResult
        func sell(to customer: Customer.ID, in store: Store.ID, number: String, at date: Date) async throws -> Order {
            let order = Order(storeId: store, posNumber: number, channel: .store, customerId: customer, occurredAt: date,
                              lines: [OrderLine(sku: product.sku, productId: nil, quantity: 1, unitPriceMinor: product.listPrice.minorUnits)],
                              payments: [Payment(method: .cash, amountMinor: product.listPrice.minorUnits)])
            guard case .created(let stored) = try await services.sales.place(order, by: system, requestId: nil) else { throw Failure() }
            return stored
        }

        func all(_ customer: Customer.ID, by caller: Caller = system) async throws -> [TimelineEntry] {
            try await services.timeline.timeline(of: customer, before: nil, limit: 100, by: caller).entries
        }

        func paged(_ customer: Customer.ID, limit: Int) async throws -> [TimelineEntry] {
            var entries: [TimelineEntry] = []
            var cursor: TimelineCursor?
            repeat {
                let page = try await services.timeline.timeline(of: customer, before: cursor, limit: limit, by: system)
                #expect(page.entries.count <= limit)
                entries += page.entries
                cursor = try page.nextCursor.map { try TimelineCursor(token: $0.token) }
            } while cursor != nil
            return entries
        }
    }

    struct Failure: Error {}

    @Test func everyKindOnceNewestFirstAndTheSameAcrossPageBoundaries() async throws {
        try await TestDatabase.with { database in
            let chain = try await Chain(database)
            let customer = try await chain.customer("林晓", mobile: "13900139000")
            let now = Date()
            let first = try await chain.sell(to: customer.id, in: chain.storeA.id, number: "TL-1", at: now.addingTimeInterval(-3 * 86_400))
            let tie = now.addingTimeInterval(-2 * 86_400)
            try await chain.sell(to: customer.id, in: chain.storeA.id, number: "TL-2", at: tie)
            try await chain.sell(to: customer.id, in: chain.storeB.id, number: "TL-3", at: tie)
            _ = try await chain.services.sales.returnGoods(
                OrderReturn(orderId: first.id, lines: [.init(lineNumber: 1, quantity: 1)],
                            refunds: [Payment(method: .cash, amountMinor: 250_000)], reason: "尺码不合适"), by: system, requestId: nil)
            _ = try await chain.services.membership.adjust(customer.id, points: 50, reason: "门店活动", by: system, requestId: nil)

            let all = try await chain.all(customer.id)
            #expect(Set(all.map(\.kind)) == [.order, .orderReturn, .points, .tier])
            let orders = all.filter { $0.kind == .order }
            #expect(orders.map(\.summary).last == "TL-1" && Set(orders.map(\.summary)) == ["TL-1", "TL-2", "TL-3"])
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.cursor > $1.cursor }, "strictly newest first by (at, kind, id)")
            let tied = all.filter { abs($0.at.timeIntervalSince(tie)) < 0.001 }
            #expect(tied.count >= 4, "two orders and their points share one time")

            for limit in [1, 2, 3, 5] {
                #expect(try await chain.paged(customer.id, limit: limit) == all, "pages of \(limit)")
            }
            let onlyOrders = try await chain.services.timeline.timeline(of: customer.id, before: nil, limit: 100, kinds: [.order], by: system)
            #expect(onlyOrders.entries.map(\.kind) == [.order, .order, .order])
        }
    }

    @Test func aStoreScopedCallerSeesTheirStoreAndChainWideEntries() async throws {
        try await TestDatabase.with { database in
            let chain = try await Chain(database)
            let customer = try await chain.customer("周宁", mobile: "13900139001")
            for day in 1...4 {
                try await chain.sell(to: customer.id, in: day % 2 == 0 ? chain.storeA.id : chain.storeB.id, number: "SC-\(day)",
                                     at: Date().addingTimeInterval(Double(-day) * 86_400))
            }
            let manager = StaffMember(username: "tl.a.manager", displayName: "甲店店长", department: .storeManagement, homeStoreId: chain.storeA.id)
            let managerOfA = Caller(identity: .staff(manager),
                                    grants: Grants(everywhere: [.customersRead], inHomeStore: [.ordersRead], homeStoreId: chain.storeA.id))
            let seen = try await chain.all(customer.id, by: managerOfA)
            #expect(seen.filter { $0.kind == .order }.map(\.summary) == ["SC-2", "SC-4"])
            #expect(seen.allSatisfy { $0.storeId == nil || $0.storeId == chain.storeA.id })
            #expect(seen.contains { $0.kind == .points })

            var paged: [TimelineEntry] = []
            var cursor: TimelineCursor?
            repeat {
                let page = try await chain.services.timeline.timeline(of: customer.id, before: cursor, limit: 1, by: managerOfA)
                paged += page.entries
                cursor = page.nextCursor
            } while cursor != nil
            #expect(paged == seen)
        }
    }

    @Test func afterAMergeTheSurvivorsTimelineHoldsBothHistories() async throws {
        try await TestDatabase.with { database in
            let chain = try await Chain(database)
            let survivor = try await chain.customer("陈静", mobile: "13900139002")
            let duplicate = try await chain.customer("陈静", mobile: "13900139003")
            try await chain.sell(to: survivor.id, in: chain.storeA.id, number: "MG-S", at: Date().addingTimeInterval(-86_400))
            try await chain.sell(to: duplicate.id, in: chain.storeB.id, number: "MG-D", at: Date().addingTimeInterval(-2 * 86_400))
            _ = try await chain.services.customers.merge(duplicate: duplicate.id, into: survivor.id, by: system, requestId: nil)

            let merged = try await chain.all(survivor.id)
            #expect(merged.filter { $0.kind == .order }.map(\.summary) == ["MG-S", "MG-D"])
            #expect(merged.filter { $0.kind == .points }.count >= 2, "the replayed statement earns on both orders")
            await #expect(throws: PatronError.merged(id: duplicate.id, into: survivor.id)) {
                _ = try await chain.all(duplicate.id)
            }
        }
    }

    @Test func afterEraseTheTimelineIsGoneAndItsRecordsHoldNothingPersonal() async throws {
        try await TestDatabase.with { database in
            let chain = try await Chain(database)
            let customer = try await chain.customer("王芳", mobile: "13900139004")
            try await chain.sell(to: customer.id, in: chain.storeA.id, number: "ER-1", at: Date().addingTimeInterval(-86_400))
            _ = try await chain.services.membership.adjust(customer.id, points: 30, reason: "王芳生日礼", by: system, requestId: nil)
            try await chain.services.customers.erase(customer.id, reason: "data subject request", by: system, requestId: nil)

            await #expect(throws: PatronError.erased(resource: "customer", id: customer.id.uuidString.lowercased())) {
                _ = try await chain.all(customer.id)
            }
            var left: [TimelineEntry] = []
            for source in TimelineSources.standard(database: database, cipher: chain.cipher).values {
                left += try await source.entries(of: customer.id, before: nil, limit: 100)
            }
            let text = left.map { ([$0.summary] + $0.attributes.values).joined(separator: " ") }.joined(separator: " ")
            for personal in ["王芳", "13900139004", "喜欢深色大衣", "生日礼"] {
                #expect(!text.contains(personal))
            }
        }
    }

    @Test func aCursorTokenRoundTripsAndAForgedOneIsRefused() throws {
        let cursor = TimelineCursor(at: Date(timeIntervalSinceReferenceDate: 785_000_000.123456), kind: .orderReturn, id: "0000000042")
        #expect(try TimelineCursor(token: cursor.token) == cursor)
        #expect(!cursor.token.contains("=") && !cursor.token.contains("+") && !cursor.token.contains("/"))
        for forged in ["", "bm90IGEgY3Vyc29y", "!!!", String(repeating: "A", count: 300)] {
            #expect(throws: PatronError.self) { try TimelineCursor(token: forged) }
        }
    }
}
