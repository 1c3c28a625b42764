import ArgumentParser
import Foundation
import PatronCore
import PatronStorage

/// `patron analytics evaluate-recs`: holds out each customer's last basket, trains the recommender on the
/// rest, and prints hit rate and recall at k for it and for recommending the top sellers.
struct AnalyticsEvaluateRecsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-recs",
        abstract: "Evaluate product recommendations on held-out last baskets against the popularity baseline."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "How many recommendations per customer (1–50).")
    var k: Int = 10

    func validate() throws {
        guard RecommendationService.limits.contains(k) else { throw ValidationError("--k must be between 1 and 50") }
    }

    func run() async throws {
        let k = k
        let result = try await common.withDatabase(.compatible) { database, _ in
            try await RecommendationEvaluator(database: database).evaluate(k: k)
        }
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        FileHandle.standardOutput.write(Data("""
            Customers evaluated (2+ baskets, last one held out): \(result.customers)
                                      hit rate@\(k)   recall@\(k)
            item-to-item model        \(percent(result.model.hitRate).padding(toLength: 13, withPad: " ", startingAt: 0))\(percent(result.model.recall))
            popularity baseline       \(percent(result.popularity.hitRate).padding(toLength: 13, withPad: " ", startingAt: 0))\(percent(result.popularity.recall))

            """.utf8))
    }
}
