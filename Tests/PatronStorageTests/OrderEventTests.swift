import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct OrderEventTests {
    struct Refuse: DomainEventSubscriber {
        struct Boom: Error {}
        func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
            try await sql.raw("UPDATE stores SET name = 'touched by the handler'").run()
            throw Boom()
        }
    }

    struct Record: DomainEventSubscriber {
        func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
            guard case .orderPlaced(let order, _)? = events.first else { return }
            try await sql.update("stores").set("region", to: "seen \(order.posNumber)").where("id", .equal, order.storeId).run()
        }
    }

    @Test func anOrderAndItsEventSubscribersCommitOrFailTogether() async throws {
        try await TestDatabase.with { database in
            let data = DemoDataSet.generate(.init(seed: 2, customerCount: 5))
            _ = try await DemoLoader(database: database, cipher: FieldCipher(.random()), hasher: BcryptPasswordHasher(cost: 4),
                                     logger: TestDatabase.logger).load(.init(seed: 2, customerCount: 5), adminPassword: "demo-password-1")
            let store = data.stores[0]
            let product = data.products[0]
            let order = Order(storeId: store.id, posNumber: "EV-1", channel: .store, customerId: nil, occurredAt: Date(),
                              lines: [OrderLine(sku: product.sku, productId: product.id, quantity: 1, unitPriceMinor: 100)],
                              payments: [Payment(method: .cash, amountMinor: 100)])
            await #expect(throws: Refuse.Boom.self) {
                try await SQLOrderRepository(database, events: DomainEvents([Refuse()])).ingest(order, audit: .test)
            }
            #expect(try await SQLOrderRepository(database).find(order.id) == nil)
            #expect(try await SQLStoreRepository(database).find(store.id)?.name == store.name)

            #expect(try await SQLOrderRepository(database, events: DomainEvents([Record()])).ingest(order, audit: .test) == .created(order.atStoragePrecision))
            #expect(try await SQLStoreRepository(database).find(store.id)?.region == "seen EV-1")
            let retry = try await SQLOrderRepository(database, events: DomainEvents([Refuse()])).ingest(order, audit: .test)
            guard case .existing(let stored) = retry else { Issue.record("a retry must find the stored order"); return }
            #expect(stored.id == order.id)
        }
    }
}
