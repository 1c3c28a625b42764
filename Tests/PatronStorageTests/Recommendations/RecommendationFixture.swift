import Foundation
import PatronCore
import PatronStorage

/// A constructed chain whose co-purchases are known: 40 customers all bought the best seller P; ten of them
/// also bought A and B together, two bought A with C, and ten others bought C alone. D was bought once, on its
/// own, in another category. So A's raw co-counts rank P (12) over B (10), but cosine with shrinkage ranks B
/// first: P goes with everything.
struct RecommendationFixture: Sendable {
    let services: PatronServices
    let store: Store
    let clothing: ProductCategory
    let home: ProductCategory
    let products: [String: Product]
    let now: Date
    static let system = Caller.system("recommendation test")

    struct Failure: Error { let what: String }

    init(_ database: Database) async throws {
        let services = try await PatronServices(database: database, cipher: try await FieldCipher.load(.random(), database: database),
                                                hasher: BcryptPasswordHasher(cost: 4), signIn: .init(addresses: nil))
        self.services = services
        let system = Self.system
        now = Date()
        store = try await services.stores.create(Store(code: "REC-1", name: "推荐店", city: "上海", region: "华东"), by: system, requestId: nil)
        clothing = try await services.catalogue.save(ProductCategory(code: "rec-clothing", nameZh: "服装", nameEn: "Clothing"), by: system, requestId: nil)
        home = try await services.catalogue.save(ProductCategory(code: "rec-home", nameZh: "家居", nameEn: "Home"), by: system, requestId: nil)
        var products: [String: Product] = [:]
        for (code, name, category) in [("P", "畅销T恤", clothing), ("A", "真丝连衣裙", clothing), ("B", "真皮短靴", clothing),
                                       ("C", "帆布鞋", clothing), ("D", "香薰蜡烛", home)] {
            products[code] = try await services.catalogue.save(
                Product(sku: "REC-\(code)", nameZh: name, nameEn: "Item \(code)", categoryId: category.id, brand: nil,
                        listPrice: Money(minorUnits: 10_000, currency: .cny)), by: system, requestId: nil).0
        }
        self.products = products
        var baskets: [[String]] = Array(repeating: ["P", "A", "B"], count: 10)
        baskets += Array(repeating: ["P", "A", "C"], count: 2)
        baskets += Array(repeating: ["P", "C"], count: 10)
        baskets += Array(repeating: ["P"], count: 17)
        baskets.append(["P", "D"])
        for (index, basket) in baskets.enumerated() {
            let customer = try await customer(index)
            _ = try await buy(basket, customer: customer, daysAgo: 60 + Double(index))
        }
    }

    func customer(_ index: Int) async throws -> Customer.ID {
        guard case .created(let customer) = try await services.customers.create(
            CustomerDraft(name: "顾客\(index)", mobile: "1390000" + String(format: "%04d", index), sourceChannel: .store),
            upsert: false, by: Self.system, requestId: nil) else { throw Failure(what: "customer \(index)") }
        return customer.id
    }

    /// One order of the given products, `daysAgo` before `now`.
    func buy(_ codes: [String], customer: Customer.ID, daysAgo: Double) async throws -> Order {
        let lines = codes.map { OrderLine(sku: "REC-\($0)", productId: nil, quantity: 1, unitPriceMinor: 10_000) }
        let order = Order(storeId: store.id, posNumber: "REC-\(UUID().uuidString.prefix(12))", channel: .store, customerId: customer,
                          occurredAt: now.addingTimeInterval(-daysAgo * 86_400), lines: lines,
                          payments: [Payment(method: .cash, amountMinor: 10_000 * Int64(codes.count))])
        guard case .created(let placed) = try await services.sales.place(order, by: Self.system, requestId: nil) else {
            throw Failure(what: "order")
        }
        return placed
    }

    func id(_ code: String) -> Product.ID { products[code]!.id }
}
