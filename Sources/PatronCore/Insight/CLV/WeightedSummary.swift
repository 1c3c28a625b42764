/// A purchase summary shared by `count` customers. At chain scale many customers have identical summaries (one
/// purchase on the same day, say), and the likelihoods are sums over customers, so each distinct summary is
/// evaluated once and weighted.
public struct WeightedSummary: Sendable, Equatable {
    public var summary: PurchaseSummary
    public var count: Int

    public init(_ summary: PurchaseSummary, count: Int = 1) {
        self.summary = summary
        self.count = count
    }

    /// Collapses identical summaries into weighted groups, in order of first appearance.
    public static func grouped(_ summaries: some Sequence<PurchaseSummary>) -> [WeightedSummary] {
        var index: [PurchaseSummary: Int] = [:]
        var groups: [WeightedSummary] = []
        for summary in summaries {
            if let at = index[summary] {
                groups[at].count += 1
            } else {
                index[summary] = groups.count
                groups.append(WeightedSummary(summary))
            }
        }
        return groups
    }
}
