import PatronCore
import Testing

/// The value bands a marketer compares from one refresh to the next: a fixed 1-2-5 ladder, trimmed to the
/// filled range with the empty bands inside it kept, so a gap in the base shows as a gap in the chart.
struct CLVDistributionTests {
    @Test func theLadderRunsOneTwoFiveFromOneUnitToTenBillionMinorUnits() {
        let ladder = CLVDistribution.ladder
        #expect(ladder.prefix(7) == [0, 100, 200, 500, 1_000, 2_000, 5_000])
        #expect(ladder.last == 10_000_000_000)
        #expect(ladder.count == 26)
        #expect(zip(ladder, ladder.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func bandsAreTrimmedToTheFilledRangeKeepingGapsInside() {
        let bands = CLVDistribution.bands(counts: [-1: 9, 3: 4, 5: 2, 20: 0])
        #expect(bands == [
            .init(lowerMinor: 500, upperMinor: 1_000, customers: 4),
            .init(lowerMinor: 1_000, upperMinor: 2_000, customers: 0),
            .init(lowerMinor: 2_000, upperMinor: 5_000, customers: 2),
        ])
        #expect(CLVDistribution.bands(counts: [:]).isEmpty)
        #expect(CLVDistribution.bands(counts: [25: 1]) == [.init(lowerMinor: 10_000_000_000, upperMinor: nil, customers: 1)])
    }
}
