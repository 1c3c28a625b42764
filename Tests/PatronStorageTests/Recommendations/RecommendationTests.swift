import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct RecommendationTests {
    static let system = RecommendationFixture.system

    @Test func coPurchasesRankNeighboursBySimilarityNotPopularity() async throws {
        try await TestDatabase.with { database in
            let f = try await RecommendationFixture(database)
            let rebuild = try await f.services.recommendations.rebuild(at: f.now, by: Self.system)
            #expect(rebuild.products == 5)
            let rows = try await database.read { sql in
                try await sql.select().column("neighbour_id").column("co_count").column("score").from("product_similarity")
                    .where("product_id", .equal, f.id("A")).orderBy("score", .descending).all()
            }
            let neighbours = try rows.map { try $0.decode(column: "neighbour_id", as: UUID.self) }
            #expect(neighbours == [f.id("B"), f.id("P"), f.id("C")])
            #expect(try rows.map { try $0.decode(column: "co_count", as: Int.self) } == [10, 12, 2])
            let expected = f.services.recommendations.settings.similarity(co: 10, buyersOfFirst: 12, buyersOfSecond: 10)
            #expect(abs(try rows[0].decode(column: "score", as: Double.self) - expected) < 1e-9)
            let dNeighbours = try await database.read { sql in
                try await sql.select().column("neighbour_id").from("product_similarity").where("product_id", .equal, f.id("D")).all()
            }
            #expect(dNeighbours.isEmpty, "a pair bought once is below the minimum support")
            let popularity = try await database.read { sql in
                try await sql.select().column("buyers").from("product_popularity").where("product_id", .equal, f.id("P")).first()
            }
            #expect(try popularity?.decode(column: "buyers", as: Int.self) == 40)
        }
    }

    @Test func recommendsNeighboursOfRecentPurchasesWithTheReasonAndLeavesOutWhatWasJustBoughtOrIsNotSold() async throws {
        try await TestDatabase.with { database in
            let f = try await RecommendationFixture(database)
            let buyer = try await f.customer(100)
            _ = try await f.buy(["A"], customer: buyer, daysAgo: 3)
            _ = try await f.services.recommendations.rebuild(at: f.now, by: Self.system)

            let list = try await f.services.recommendations.recommendations(for: buyer, by: Self.system, at: f.now)
            #expect(list.map(\.productId) == [f.id("B"), f.id("P"), f.id("C"), f.id("D")])
            #expect(list[0].reason == .boughtWith(productId: f.id("A"), productName: "真丝连衣裙"))
            #expect(list[0].reason.text == "bought with 真丝连衣裙")
            #expect(list[0].sku == "REC-B" && list[0].name == "真皮短靴" && list[0].categoryId == f.clothing.id)
            #expect(list[3].reason == .popularInCategory(categoryId: f.home.id, categoryName: "家居"))
            #expect(list[3].reason.text == "popular in 家居")
            #expect(!list.contains { $0.productId == f.id("A") }, "bought three days ago")

            var boots = f.products["B"]!
            boots.isActive = false
            _ = try await f.services.catalogue.save(boots, by: Self.system, requestId: nil)
            let withoutBoots = try await f.services.recommendations.recommendations(for: buyer, limit: 2, by: Self.system, at: f.now)
            #expect(withoutBoots.map(\.productId) == [f.id("P"), f.id("C")])

            let later = f.now.addingTimeInterval(40 * 86_400)
            let afterAMonth = try await f.services.recommendations.recommendations(for: buyer, by: Self.system, at: later)
            #expect(afterAMonth.contains { $0.productId == f.id("A") }, "no longer a recent purchase")
        }
    }

    @Test func fillsFromTheCustomersCategoryAndIgnoresLinesReturnedInFull() async throws {
        try await TestDatabase.with { database in
            let f = try await RecommendationFixture(database)
            let homeBuyer = try await f.customer(101)
            _ = try await f.buy(["D"], customer: homeBuyer, daysAgo: 45)
            let returner = try await f.customer(102)
            let order = try await f.buy(["A"], customer: returner, daysAgo: 50)
            _ = try await f.services.sales.returnGoods(
                OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: 1)], refunds: [Payment(method: .cash, amountMinor: 10_000)],
                            reason: "size"), by: Self.system, requestId: nil)
            _ = try await f.services.recommendations.rebuild(at: f.now, by: Self.system)

            let home = try await f.services.recommendations.recommendations(for: homeBuyer, limit: 2, by: Self.system, at: f.now)
            #expect(home.map(\.productId) == [f.id("D"), f.id("P")])
            #expect(home[0].reason == .popularInCategory(categoryId: f.home.id, categoryName: "家居"))
            #expect(home[1].reason == .popularInCategory(categoryId: f.clothing.id, categoryName: "服装"))

            let returned = try await f.services.recommendations.recommendations(for: returner, by: Self.system, at: f.now)
            #expect(!returned.isEmpty)
            #expect(returned.allSatisfy { if case .popularInCategory = $0.reason { true } else { false } }, "the returned dress is no purchase")
        }
    }

    @Test func refusesUnknownCustomersAndLimitsOutOfRange() async throws {
        try await TestDatabase.with { database in
            let f = try await RecommendationFixture(database)
            await #expect(throws: PatronError.notFound(resource: "customer", id: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!.uuidString.lowercased())) {
                try await f.services.recommendations.recommendations(for: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!, by: Self.system)
            }
            let buyer = try await f.customer(103)
            for limit in [0, 51] {
                await #expect(throws: PatronError.self) {
                    try await f.services.recommendations.recommendations(for: buyer, limit: limit, by: Self.system)
                }
            }
            #expect(try await f.services.recommendations.recommendations(for: buyer, by: Self.system).isEmpty, "no model built yet")
        }
    }
}
