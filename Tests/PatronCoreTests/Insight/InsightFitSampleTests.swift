import Foundation
import PatronCore
import Testing

/// The fit reads a bounded, repeatable share of a large base: the same customers every time (so a refit on an
/// unchanged base gives the same parameters), about `cap` of them whatever the id scheme, and everyone when
/// the base is small.
struct InsightFitSampleTests {
    /// Ids as an importer or generator issues them: in sequence, differing in a few bytes.
    static func sequentialIds(_ count: Int) -> [UUID] {
        (0..<count).map { UUID(uuidString: String(format: "00000000-%04x-8001-8000-%012x", $0 % 65_536, $0 / 65_536))! }
    }

    @Test func keepsEveryoneUpToTheCap() {
        let sample = InsightFitSample(purchasers: 250_000)
        #expect(sample.keepsEveryone)
        #expect(Self.sequentialIds(1_000).allSatisfy(sample.includes))
    }

    @Test func keepsAboutTheCapOfALargeBaseTheSameWayEveryTime() {
        let sequential = Self.sequentialIds(100_000)
        let ids = sequential + (0..<100_000).map { _ in UUID() }
        let sample = InsightFitSample(purchasers: ids.count, cap: 50_000)
        let kept = ids.filter(sample.includes)
        #expect(abs(kept.count - 50_000) < 1_500)
        #expect(abs(sequential.count(where: sample.includes) - 25_000) < 1_000)
        #expect(ids.filter(InsightFitSample(purchasers: ids.count, cap: 50_000).includes) == kept)
    }
}
