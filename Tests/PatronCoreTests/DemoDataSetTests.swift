import Foundation
import PatronCore
import Testing

struct DemoDataSetTests {
    static let asOf = Date(timeIntervalSince1970: 1_790_000_000)
    static let data = DemoDataSet.generate(.init(seed: 7, asOf: asOf, customerCount: 500))

    @Test func theSameSeedGivesTheSameData() {
        let again = DemoDataSet.generate(.init(seed: 7, asOf: Self.asOf, customerCount: 500))
        #expect(again.customers == Self.data.customers)
        #expect(again.orders == Self.data.orders)
        let other = DemoDataSet.generate(.init(seed: 8, asOf: Self.asOf, customerCount: 500))
        #expect(other.customers != Self.data.customers)
    }

    @Test func everyOrderPassesTheSameValidationAsTheAPI() throws {
        #expect(Self.data.orders.count > 1_000)
        for order in Self.data.orders { try order.validate() }
    }

    @Test func ordersFallInTheYearBeforeAsOf() {
        let yearAgo = Self.asOf.addingTimeInterval(-366 * 86_400)
        #expect(Self.data.orders.allSatisfy { $0.occurredAt <= Self.asOf && $0.occurredAt >= yearAgo })
    }

    @Test func customersHaveChineseNamesAndUniqueMainlandMobiles() {
        let mobiles = Self.data.customers.compactMap(\.mobile?.e164)
        #expect(Set(mobiles).count == Self.data.customers.count)
        #expect(mobiles.allSatisfy { $0.hasPrefix("+861") && $0.count == 14 })
        #expect(Self.data.customers.allSatisfy { name in name.name.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) } })
    }

    @Test func posNumbersAreUniquePerStoreAndWalkInsExist() {
        let keys = Self.data.orders.map { "\($0.storeId)|\($0.posNumber)" }
        #expect(Set(keys).count == keys.count)
        #expect(Self.data.orders.contains { $0.customerId == nil })
        #expect(Set(Self.data.stores.map(\.city)).count >= 5)
    }
}
