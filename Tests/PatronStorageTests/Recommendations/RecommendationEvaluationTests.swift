import Foundation
import PatronCore
import PatronTestSupport
import Testing
@testable import PatronStorage

struct RecommendationEvaluationTests {
    /// Acceptance 6: on the demo chain, whose members keep to one or two departments and whose baskets carry
    /// companion products, the model predicts held-out last baskets better than the top sellers do.
    @Test func beatsPopularityOnTheDemo() async throws {
        try await TestDatabase.with { database in
            let options = DemoDataSet.Options(customerCount: 1_000, serviceData: false)
            _ = try await DemoLoader(database: database, cipher: FieldCipher(.random()), hasher: BcryptPasswordHasher(cost: 4),
                                     logger: TestDatabase.logger).load(options, adminPassword: "demo-password-1")
            let result = try await RecommendationEvaluator(database: database).evaluate(k: 10)
            print("evaluate-recs on the demo (1,000 customers): \(result)")
            #expect(result.customers > 100)
            #expect(result.modelBeatsPopularity)
            #expect(result.model.recall > result.popularity.recall + 0.05)
        }
    }

    /// A chain whose customers each keep to one of ten groups of three products bought together
    /// (70 % of lines; the rest follow the best sellers): the model beats the top sellers by a wide margin.
    @Test func beatsPopularityWhenBasketsHaveCoPurchaseStructure() async throws {
        try await TestDatabase.with { database in
            let data = DemoDataSet.generate(.init(seed: 3, customerCount: 600, serviceData: false))
            let orders = Self.structuredOrders(for: data)
            let customers = SQLCustomerRepository(database, cipher: FieldCipher(.random()))
            try await database.transaction { sql in
                try await SQLStoreRepository.insert(data.stores, on: sql)
                try await SQLProductRepository.insert(categories: data.categories, on: sql)
                try await SQLProductRepository.insert(data.products, on: sql)
                try await customers.insert(data.customers, on: sql)
                for chunk in orders.chunked(into: 1_000) { _ = try await SQLOrderRepository.ingest(Array(chunk), on: sql, events: .standard) }
            }
            let result = try await RecommendationEvaluator(database: database).evaluate(k: 10)
            print("evaluate-recs with co-purchase structure: \(result)")
            #expect(result.customers == data.customers.count)
            #expect(result.modelBeatsPopularity)
            #expect(result.model.recall > result.popularity.recall + 0.1)
        }
    }

    static func structuredOrders(for data: DemoDataSet) -> [Order] {
        var random = SeededGenerator(seed: 99)
        let products = data.products
        let groups = stride(from: 0, to: products.count - 2, by: 3).map { Array(products[$0..<$0 + 3]) }
        let bestSellers = products.indices.map { ($0, 1.0 / Double($0 + 1)) }
        let start = Date().addingTimeInterval(-300 * 86_400)
        var orders: [Order] = []
        for (index, customer) in data.customers.enumerated() {
            let group = groups[Int.random(in: 0..<groups.count, using: &random)]
            for number in 0..<Int.random(in: 2...5, using: &random) {
                var chosen: [Product] = []
                for _ in 0..<Int.random(in: 1...2, using: &random) {
                    let product = Double.random(in: 0..<1, using: &random) < 0.7
                        ? group[Int.random(in: 0..<3, using: &random)] : products[random.weighted(bestSellers)]
                    if !chosen.contains(product) { chosen.append(product) }
                }
                let lines = chosen.map { OrderLine(sku: $0.sku, productId: $0.id, quantity: 1, unitPriceMinor: $0.listPrice.minorUnits) }
                let total = chosen.reduce(0) { $0 + $1.listPrice.minorUnits }
                orders.append(Order(storeId: data.stores[0].id, posNumber: "EV-\(index)-\(number)", channel: .store, customerId: customer.id,
                                    occurredAt: start.addingTimeInterval(Double(number * 40 + index % 30) * 86_400), lines: lines,
                                    payments: [Payment(method: .cash, amountMinor: total)]))
            }
        }
        return orders
    }
}
