import Foundation

/// How the forecast lifetime value spreads over the base: customers per value band. The bands follow a
/// 1-2-5 ladder of minor units (under 1.00, 1.00–2.00, 2.00–5.00, 5.00–10.00, … 100 million and above), so
/// they read as round sums in any currency and stay the same from one refresh to the next, which a chart
/// compared over time needs; quantile bands would move with every refresh.
public struct CLVDistribution: Sendable, Equatable {
    public struct Band: Sendable, Equatable {
        /// Inclusive; the first band also holds the forecasts below zero.
        public var lowerMinor: Int64
        /// Exclusive; nil for the top band.
        public var upperMinor: Int64?
        public var customers: Int

        public init(lowerMinor: Int64, upperMinor: Int64?, customers: Int) {
            self.lowerMinor = lowerMinor
            self.upperMinor = upperMinor
            self.customers = customers
        }
    }

    /// The last full refresh; nil before the first.
    public var computedAt: Date?
    /// From the lowest band holding anyone to the highest, empty bands between them included.
    public var bands: [Band]
    /// Live customers with no forecast: no purchase yet, or no model fitted.
    public var withoutForecast: Int

    public init(computedAt: Date?, bands: [Band], withoutForecast: Int) {
        self.computedAt = computedAt
        self.bands = bands
        self.withoutForecast = withoutForecast
    }

    /// The lower bounds of every band: 0, then 1, 2 and 5 × 10ⁿ minor units from 100 to 10¹⁰.
    public static let ladder: [Int64] = [0] + (2...10).flatMap { power -> [Int64] in
        let unit = (0..<power).reduce(Int64(1)) { value, _ in value * 10 }
        return power == 10 ? [unit] : [unit, 2 * unit, 5 * unit]
    }

    /// The bands from counts per ladder position (as the storage groups them), trimmed of the empty ones at
    /// either end.
    public static func bands(counts: [Int: Int]) -> [Band] {
        let filled = counts.filter { $0.value > 0 && ladder.indices.contains($0.key) }.keys
        guard let first = filled.min(), let last = filled.max() else { return [] }
        return (first...last).map { index in
            Band(lowerMinor: ladder[index], upperMinor: index + 1 < ladder.count ? ladder[index + 1] : nil, customers: counts[index] ?? 0)
        }
    }
}
