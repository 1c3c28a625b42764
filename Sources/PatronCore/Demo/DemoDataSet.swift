import Foundation

/// A realistic Chinese retail chain — stores in several cities plus a web shop, a catalogue, a few thousand
/// members and a year of trade — generated purely from a seed, so every newcomer sees the same living system
/// and tests can rely on it.
public struct DemoDataSet: Sendable {
    public var stores: [Store] = []
    public var categories: [ProductCategory] = []
    public var products: [Product] = []
    public var customers: [Customer] = []
    public var orders: [Order] = []

    public struct Options: Sendable {
        public var seed: UInt64
        /// Orders fall in the year before this instant.
        public var asOf: Date
        public var customerCount: Int
        /// Interactions, tickets and survey answers on top of the sales history. Suites that count their own
        /// tickets and answers, and the tests' per-test demo, leave them out.
        public var serviceData: Bool

        public init(seed: UInt64 = 20_260_101, asOf: Date = Date(), customerCount: Int = 3_000, serviceData: Bool = true) {
            self.seed = seed
            self.asOf = asOf
            self.customerCount = customerCount
            self.serviceData = serviceData
        }
    }

    public static func generate(_ options: Options) -> DemoDataSet {
        var builder = Builder(options: options)
        return builder.build()
    }
}

private struct Builder {
    let options: Options
    var random: SeededGenerator
    var data = DemoDataSet()
    var storeWeights: [(Int, Double)] = []
    var nextOrderNumber: [Store.ID: Int] = [:]
    /// Each product's share of the chain's lines, cheaper and earlier-listed products selling more.
    let popularity: [(Int, Double)] = DemoCatalogue.products.indices.map {
        ($0, 1_000_000 / Double($0 + 5) / Double(DemoCatalogue.products[$0].priceFen).squareRoot())
    }
    let companions: [Int: [Int]] = {
        let index = Dictionary(uniqueKeysWithValues: DemoCatalogue.products.enumerated().map { ($1.sku, $0) })
        return Dictionary(uniqueKeysWithValues: DemoCatalogue.products.enumerated().map { position, seed in
            (position, (DemoCatalogue.companions[seed.sku] ?? []).compactMap { index[$0] })
        })
    }()
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    typealias Options = DemoDataSet.Options

    init(options: Options) {
        self.options = options
        random = SeededGenerator(seed: options.seed)
    }

    var yearStart: Date { options.asOf.addingTimeInterval(-365 * 86_400) }

    mutating func build() -> DemoDataSet {
        makeStores()
        makeCatalogue()
        makeCustomersAndOrders()
        data.orders.sort { ($0.occurredAt, $0.posNumber) < ($1.occurredAt, $1.posNumber) }
        return data
    }

    mutating func makeStores() {
        for (index, seed) in DemoCatalogue.stores.enumerated() {
            let store = Store(id: random.uuid(), code: seed.code, name: seed.name, city: seed.city, region: seed.region,
                              isOnline: seed.isOnline, createdAt: yearStart.addingTimeInterval(-400 * 86_400))
            data.stores.append(store)
            storeWeights.append((index, seed.weight))
        }
    }

    mutating func makeCatalogue() {
        var categoryIds: [String: ProductCategory.ID] = [:]
        for seed in DemoCatalogue.categories {
            let category = ProductCategory(id: random.uuid(), parentId: seed.parent.flatMap { categoryIds[$0] },
                                           code: seed.code, nameZh: seed.nameZh, nameEn: seed.nameEn)
            categoryIds[seed.code] = category.id
            data.categories.append(category)
        }
        for seed in DemoCatalogue.products {
            data.products.append(Product(id: random.uuid(), sku: seed.sku, nameZh: seed.nameZh, nameEn: seed.nameEn,
                                         categoryId: categoryIds[seed.category], brand: seed.brand,
                                         listPrice: Money(minorUnits: seed.priceFen, currency: .cny)))
        }
    }

    mutating func makeCustomersAndOrders() {
        var usedMobiles = Set<String>()
        for _ in 0..<options.customerCount {
            let joined = yearStart.addingTimeInterval(Double.random(in: -300 * 86_400..<330 * 86_400, using: &random))
            let store = data.stores[random.weighted(storeWeights)]
            var mobile: MobileNumber
            repeat {
                let prefix = DemoCatalogue.mobilePrefixes.randomElement(using: &random)!
                let rest = String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random))
                mobile = try! MobileNumber(prefix + rest)
            } while !usedMobiles.insert(mobile.e164).inserted
            let gender: Customer.Gender = random.weighted([(.female, 58), (.male, 38), (.unspecified, 4)])
            let birthday = try? CalendarDay(year: Int.random(in: 1960...2004, using: &random),
                                            month: Int.random(in: 1...12, using: &random),
                                            day: Int.random(in: 1...28, using: &random))
            let source: Customer.SourceChannel = store.isOnline
                ? random.weighted([(.onlineRegistration, 5), (.app, 3), (.wechatMiniProgram, 6)])
                : random.weighted([(.store, 8), (.memberRecruitment, 3), (.wechatMiniProgram, 2), (.marketSurvey, 1)])
            let customer = Customer(id: random.uuid(), name: chineseName(), mobile: mobile, gender: gender,
                                    birthday: Double.random(in: 0..<1, using: &random) < 0.85 ? birthday : nil,
                                    preferredStoreId: store.id, sourceChannel: source, createdAt: joined)
            data.customers.append(customer)
            let interests = drawInterests(gender)
            let orderCount: Int = random.weighted([
                (Int.random(in: 0...1, using: &random), 45), (Int.random(in: 2...4, using: &random), 30),
                (Int.random(in: 5...12, using: &random), 18), (Int.random(in: 13...30, using: &random), 7),
            ])
            let firstDay = max(joined, yearStart)
            for _ in 0..<orderCount {
                let when = firstDay.addingTimeInterval(Double.random(in: 0..<max(86_400, options.asOf.timeIntervalSince(firstDay)), using: &random))
                let orderStore = Double.random(in: 0..<1, using: &random) < 0.8 ? store : data.stores[random.weighted(storeWeights)]
                data.orders.append(makeOrder(store: orderStore, customer: customer.id, around: when, interests: interests))
            }
        }
        let walkIns = data.orders.count * 3 / 7
        let physical = storeWeights.filter { !data.stores[$0.0].isOnline }
        for _ in 0..<walkIns {
            let when = yearStart.addingTimeInterval(Double.random(in: 0..<365 * 86_400, using: &random))
            data.orders.append(makeOrder(store: data.stores[random.weighted(physical)], customer: nil, around: when, interests: []))
        }
    }

    mutating func chineseName() -> String {
        let surname = DemoCatalogue.surnames.randomElement(using: &random)!
        let given = (0..<Int.random(in: 1...2, using: &random)).map { _ in DemoCatalogue.givenNameCharacters.randomElement(using: &random)! }
        return surname + given.joined()
    }

    /// One or two departments the member keeps buying from, leaning on gender the way the chain's trade does.
    mutating func drawInterests(_ gender: Customer.Gender) -> [String] {
        let weights = DemoCatalogue.interests.map { interest in
            (interest.code, gender == .male ? interest.male : gender == .female ? interest.female : (interest.male + interest.female) / 2)
        }
        let first = random.weighted(weights)
        guard Double.random(in: 0..<1, using: &random) < 0.4 else { return [first] }
        let second = random.weighted(weights.filter { $0.0 != first })
        return [first, second]
    }

    /// A basket line's product: often the companion of the line before, else mostly from the member's
    /// departments, else whatever sells.
    mutating func pickProduct(after previous: Int?, interests: [String]) -> Int {
        if let previous, let companions = companions[previous], !companions.isEmpty, Double.random(in: 0..<1, using: &random) < 0.5 {
            return companions.randomElement(using: &random)!
        }
        if !interests.isEmpty, Double.random(in: 0..<1, using: &random) < 0.75 {
            let department = interests.randomElement(using: &random)!
            return random.weighted(popularity.filter { DemoCatalogue.products[$0.0].category == department })
        }
        return random.weighted(popularity)
    }

    mutating func makeOrder(store: Store, customer: Customer.ID?, around day: Date, interests: [String]) -> Order {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = shanghai
        let start = calendar.startOfDay(for: min(day, options.asOf))
        let occurredAt = min(start.addingTimeInterval(Double.random(in: 10 * 3_600..<22 * 3_600, using: &random)), options.asOf)
        let sequence = nextOrderNumber[store.id, default: 0] + 1
        nextOrderNumber[store.id] = sequence
        let lineCount = random.weighted([(1, 55), (2, 27), (3, 12), (4, 6)])
        var lines: [OrderLine] = []
        var previous: Int?
        for _ in 0..<lineCount {
            let picked = pickProduct(after: previous, interests: interests)
            previous = picked
            let product = data.products[picked]
            let quantity = random.weighted([(1, 80), (2, 15), (3, 5)])
            let gross = Int64(quantity) * product.listPrice.minorUnits
            let discount: Int64 = Double.random(in: 0..<1, using: &random) < 0.2 ? gross / 10 : 0
            lines.append(OrderLine(sku: product.sku, productId: product.id, quantity: quantity,
                                   unitPriceMinor: product.listPrice.minorUnits, discountMinor: discount))
        }
        let subtotal: Int64 = lines.reduce(0) { $0 + $1.totalMinor }
        let orderDiscount: Int64 = subtotal >= 100_000 && Double.random(in: 0..<1, using: &random) < 0.3 ? 10_000 : 0
        let total = subtotal - orderDiscount
        let methods: [(PaymentMethod, Double)] = store.isOnline
            ? [(.wechatPay, 45), (.alipay, 40), (.bankCard, 10), (.storedValue, 5)]
            : [(.wechatPay, 40), (.alipay, 28), (.bankCard, 17), (.cash, 10), (.storedValue, 3), (.giftCard, 2)]
        var payments: [Payment]
        if total > 20_000, Double.random(in: 0..<1, using: &random) < 0.12 {
            let first = total * Int64.random(in: 2...8, using: &random) / 10
            let voucher: PaymentMethod = random.weighted([(.giftCard, 1), (.storedValue, 1)])
            payments = [Payment(method: voucher, amountMinor: first),
                        Payment(method: random.weighted(methods.filter { $0.0 != voucher }), amountMinor: total - first)]
        } else {
            payments = [Payment(method: random.weighted(methods), amountMinor: total)]
        }
        let channel: SalesChannel = store.isOnline ? random.weighted([(.online, 4), (.app, 3), (.wechatMiniProgram, 5)]) : .store
        let dayStamp = calendar.dateComponents([.year, .month, .day], from: occurredAt)
        let posNumber = store.code + String(format: "-%04d%02d%02d-%06d", dayStamp.year!, dayStamp.month!, dayStamp.day!, sequence)
        return Order(id: random.uuid(), storeId: store.id, posNumber: posNumber, channel: channel, customerId: customer,
                     occurredAt: occurredAt, lines: lines, orderDiscountMinor: orderDiscount, payments: payments)
    }
}
