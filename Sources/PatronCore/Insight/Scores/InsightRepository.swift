import Foundation

/// Storage of the customer insight. The refresh recomputes every live customer inside the database's one
/// transaction; reads serve what is stored.
public protocol InsightRepository: Sendable {
    /// Fits (when `refit`, else reuses the stored models), scores and stores every live customer. With
    /// `rebuild` every customer's features are aggregated from the orders anew; without, the stored features,
    /// which each order and refund keeps current, are rescored, and only customers never scored are aggregated.
    func refresh(at date: Date, refit: Bool, rebuild: Bool,
                 progress: @escaping @Sendable (InsightRefreshProgress) -> Void) async throws -> InsightRefreshReport
    /// The stored row, or, for a live customer never scored, the row computed now without storing it.
    func insight(of customer: Customer.ID, at date: Date) async throws -> CustomerInsight
    func rfmOverview() async throws -> RFMOverview
    func lifecycleOverview() async throws -> LifecycleOverview
    /// Live customers per band of forecast lifetime value, as of the stored scores.
    func clvDistribution() async throws -> CLVDistribution
    /// Highest CLV first (then id), keyset-paged.
    func members(of segment: RFMSegment, page: PageRequest) async throws -> Page<SegmentRow>
    func settings() async throws -> InsightSettings
    func save(_ settings: InsightSettings, audit: AuditEvent) async throws
    func models() async throws -> InsightModels
}
