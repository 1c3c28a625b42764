import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

struct RecommendationEvaluationTests {
    /// Acceptance 6: on the demo chain the item-to-item model predicts held-out last baskets better than the
    /// top sellers do.
    @Test func beatsPopularityOnTheDemo() async throws {
        try await TestDatabase.with { database in
            let options = DemoDataSet.Options(customerCount: 1_000, serviceData: false)
            _ = try await DemoLoader(database: database, cipher: FieldCipher(.random()), hasher: BcryptPasswordHasher(cost: 4),
                                     logger: TestDatabase.logger).load(options, adminPassword: "demo-password-1")
            let result = try await RecommendationEvaluator(database: database).evaluate(k: 10)
            print("evaluate-recs on the demo: \(result)")
            #expect(result.customers > 100)
            #expect(result.modelBeatsPopularity)
        }
    }
}
