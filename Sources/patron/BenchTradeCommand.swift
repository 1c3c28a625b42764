import ArgumentParser
import Foundation
import Logging
import PatronCore
import PatronStorage
import SQLKit

/// Issue 20's scale fixture: a chain with a million members and ten million orders, written straight into
/// the order tables (no points, no events: it measures analytics, not ingest), so `patron analytics refresh`
/// can be timed on it. Members buy in bursts and some lapse, as real ones do, so recency, frequency and the
/// churn model have something to find. The file is kept and reused; building it takes minutes.
struct BenchTradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trade",
        abstract: "Build a database of N generated members and about M orders for timing the analytics refresh.",
        discussion: """
            Writes the demo chain's stores and catalogue, the members (sealed like real ones) and their orders with lines \
            and payments, spread over the two years before now. Then time `patron analytics refresh --database FILE`.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Members (1,000–2,000,000).")
    var customers: Int = 1_000_000

    @Option(help: "Orders, about (customers–30,000,000); each member has at least one.")
    var orders: Int = 10_000_000

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 2_026

    @Flag(help: "Continue a file an earlier run with the same seed and sizes left part-way: its members are drawn again, not written.")
    var resume = false

    func validate() throws {
        guard (1_000...2_000_000).contains(customers) else { throw ValidationError("--customers is between 1,000 and 2,000,000") }
        guard (customers...30_000_000).contains(orders) else { throw ValidationError("--orders is between --customers and 30,000,000") }
    }

    func run() async throws {
        let url = try common.database()
        let key = try await common.masterKey(for: url)
        var logger = try common.logger(label: "bench")
        logger.logLevel = .warning
        let (customers, orders, seed) = (customers, orders, seed)
        try await reportingErrors {
            try await CommonOptions.open(url, logger: logger) { database, _ in
                let existing = try await database.read { sql in
                    (customers: try await sql.raw("SELECT COUNT(*) AS n FROM customers").first()?.decode(column: "n", as: Int.self) ?? 0,
                     orders: try await sql.raw("SELECT COUNT(*) AS n FROM orders").first()?.decode(column: "n", as: Int.self) ?? 0)
                }
                guard existing.orders == 0 || resume else { throw CLIError(message: "the database already holds orders; give an empty one, or --resume") }
                let cipher = try await FieldCipher.load(key, database: database)
                let start = ContinuousClock.now
                var generator = TradeGenerator(seed: seed, customers: customers, meanOrders: Double(orders) / Double(customers))
                var written = (customers: 0, orders: 0)
                let batch = 5_000
                if existing.orders == 0 {
                    try await SQLOrderRepository.loadCatalogue(stores: generator.demo.stores, categories: generator.demo.categories,
                                                               products: generator.demo.products, into: database)
                } else {
                    // Whole batches were written together; drawing them again brings the generator to where it stopped.
                    guard existing.customers % batch == 0, existing.customers < customers else {
                        throw CLIError(message: "the file holds \(existing.customers) members, not a whole number of batches of \(batch) below --customers")
                    }
                    while written.customers < existing.customers {
                        let (members, trade) = generator.next(batch)
                        written.customers += members.count
                        written.orders += trade.count
                    }
                    guard written.orders == existing.orders else {
                        throw CLIError(message: "the file's \(existing.orders) orders are not what seed \(seed) draws for its members (\(written.orders)): not resumable")
                    }
                    print("resuming after \(written.customers) members and \(written.orders) orders")
                }
                var bar = ProgressBar(total: customers, label: "members")
                while written.customers < customers {
                    let (members, trade) = generator.next(min(batch, customers - written.customers))
                    // One transaction a batch, so an interrupted run leaves whole batches for --resume.
                    let customersRepository = SQLCustomerRepository(database, cipher: cipher)
                    try await database.transaction { sql in
                        try await customersRepository.insertFixtures(members, on: sql)
                        try await SQLOrderRepository.insertPlain(trade, on: sql)
                    }
                    written.customers += members.count
                    written.orders += trade.count
                    bar.update(done: written.customers, note: "\(written.orders) orders")
                }
                bar.finish()
                print(String(format: "wrote %d members and %d orders in %.0f s", written.customers, written.orders,
                             seconds(ContinuousClock.now - start)))
            }
        }
    }
}

/// Members and their orders, drawn from a seed: each member's orders come from a few active months after the
/// first purchase, and about four in ten lapse part-way, so the base has loyal, new, fading and lost members.
struct TradeGenerator {
    let demo = DemoDataSet.generate(.init(seed: 1, customerCount: 0))
    var random: SeededGenerator
    let customers: Int
    let meanOrders: Double
    let asOf = Date()
    var made = 0
    var orderNumber = 0
    let popularity: [(Int, Double)]

    init(seed: UInt64, customers: Int, meanOrders: Double) {
        random = SeededGenerator(seed: seed)
        self.customers = customers
        self.meanOrders = meanOrders
        popularity = demo.products.indices.map { ($0, 1 / Double($0 + 5)) }
    }

    mutating func next(_ count: Int) -> ([Customer], [Order]) {
        var members: [Customer] = []
        var orders: [Order] = []
        let span = 730.0 * 86_400
        for _ in 0..<count {
            made += 1
            let first = asOf.addingTimeInterval(-Double.random(in: 86_400..<span, using: &random))
            let store = demo.stores[Int.random(in: 0..<demo.stores.count, using: &random)]
            let member = Customer(id: Self.sequentialID(kind: 1, made), name: "会员\(made)", mobile: try? MobileNumber("139" + String(format: "%08d", made)),
                                  preferredStoreId: store.id, sourceChannel: store.isOnline ? .onlineRegistration : .store, createdAt: first)
            members.append(member)
            let extra = Int((-log(1 - Double.random(in: 0..<1, using: &random)) * max(meanOrders - 1, 0)).rounded())
            let lapses = Double.random(in: 0..<1, using: &random) < 0.4
            let end = lapses ? first.addingTimeInterval(Double.random(in: 0..<asOf.timeIntervalSince(first), using: &random)) : asOf
            orders.append(order(for: member.id, at: first, store: store))
            for _ in 0..<min(extra, 300) {
                let when = first.addingTimeInterval(Double.random(in: 0...max(end.timeIntervalSince(first), 1), using: &random))
                let shop = Double.random(in: 0..<1, using: &random) < 0.8 ? store : demo.stores[Int.random(in: 0..<demo.stores.count, using: &random)]
                orders.append(order(for: member.id, at: when, store: shop))
            }
        }
        return (members, orders)
    }

    /// Identifiers that rise with the counter (a version-8 UUID with the counter in front), so ten million
    /// rows append to the primary-key indexes instead of landing at random pages of them: random v4 keys
    /// slowed the build from 760 to 170 members/s by 30 % of the way.
    static func sequentialID(kind: UInt8, _ counter: Int) -> UUID {
        let n = UInt64(counter)
        return UUID(uuid: (UInt8(truncatingIfNeeded: n >> 40), UInt8(truncatingIfNeeded: n >> 32), UInt8(truncatingIfNeeded: n >> 24),
                           UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n),
                           0x80, kind, 0x80, 0, 0, 0, 0, 0, 0, 0))
    }

    mutating func order(for customer: Customer.ID, at when: Date, store: Store) -> Order {
        orderNumber += 1
        var lines: [OrderLine] = []
        for _ in 0..<random.weighted([(1, 60.0), (2, 28), (3, 12)]) {
            let product = demo.products[random.weighted(popularity)]
            let quantity = random.weighted([(1, 85.0), (2, 15)])
            let gross = Int64(quantity) * product.listPrice.minorUnits
            lines.append(OrderLine(sku: product.sku, productId: product.id, quantity: quantity, unitPriceMinor: product.listPrice.minorUnits,
                                   discountMinor: Double.random(in: 0..<1, using: &random) < 0.2 ? gross / 10 : 0))
        }
        let total = lines.reduce(Int64(0)) { $0 + $1.totalMinor }
        let channel: SalesChannel = store.isOnline ? .online : .store
        return Order(id: Self.sequentialID(kind: 2, orderNumber), storeId: store.id, posNumber: "T-\(orderNumber)", channel: channel, customerId: customer, occurredAt: min(when, asOf),
                     lines: lines, payments: [Payment(method: .wechatPay, amountMinor: total)])
    }
}
