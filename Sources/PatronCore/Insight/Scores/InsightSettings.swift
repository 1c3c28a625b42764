import Foundation

/// The insight thresholds the chain may tune, stored as JSON in `settings` (`insight.settings`) like the
/// membership programme, validated before saving, with the defaults below until someone saves one.
public struct InsightSettings: Sendable, Codable, Equatable {
    /// The R×F segment table, first match wins; must cover all 25 cells.
    public var segments: [RFMSegmentRule]
    public var lifecycle: LifecycleRules
    /// The forecast shown per customer: expected purchases over the next `horizonWeeks`, and the lifetime value
    /// over `clvMonths` discounted at `monthlyDiscountRate`.
    public var horizonWeeks: Int
    public var clvMonths: Int
    public var monthlyDiscountRate: Double

    public init(segments: [RFMSegmentRule] = RFMSegmentRule.standard, lifecycle: LifecycleRules = .defaults, horizonWeeks: Int = 26,
                clvMonths: Int = 12, monthlyDiscountRate: Double = 0.01) {
        self.segments = segments
        self.lifecycle = lifecycle
        self.horizonWeeks = horizonWeeks
        self.clvMonths = clvMonths
        self.monthlyDiscountRate = monthlyDiscountRate
    }

    public static let defaults = InsightSettings()

    public func validate() throws(PatronError) {
        guard (1...20).contains(segments.count) else { throw .invalid(field: "segments", message: "the segment table has 1 to 20 rules") }
        for rule in segments {
            guard rule.recency.lowerBound >= 1, rule.recency.upperBound <= 5, rule.frequency.lowerBound >= 1, rule.frequency.upperBound <= 5 else {
                throw .invalid(field: "segments", message: "scores in the segment table are 1 to 5")
            }
        }
        for r in 1...5 {
            for f in 1...5 where segments.segment(for: RFMScores(r: r, f: f, m: 1)) == nil {
                throw .invalid(field: "segments", message: "no rule covers R\(r) F\(f); the table must cover every R and F score")
            }
        }
        try lifecycle.validate()
        guard (1...104).contains(horizonWeeks) else { throw .invalid(field: "horizonWeeks", message: "horizonWeeks is 1 to 104") }
        guard (1...120).contains(clvMonths) else { throw .invalid(field: "clvMonths", message: "clvMonths is 1 to 120") }
        guard monthlyDiscountRate.isFinite, (0...0.5).contains(monthlyDiscountRate) else {
            throw .invalid(field: "monthlyDiscountRate", message: "monthlyDiscountRate is 0 to 0.5")
        }
    }
}
