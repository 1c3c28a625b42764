import Foundation

/// Storage of the customer insight. The refresh recomputes every live customer inside the database's one
/// transaction; reads serve what is stored.
public protocol InsightRepository: Sendable {
    /// Aggregates, fits (when `refit`, else reuses the stored models), scores and stores every live customer.
    func refresh(at date: Date, refit: Bool, progress: @escaping @Sendable (InsightRefreshProgress) -> Void) async throws -> InsightRefreshReport
    /// The stored row, or, for a live customer never scored, the row computed now without storing it.
    func insight(of customer: Customer.ID, at date: Date) async throws -> CustomerInsight
    func rfmOverview() async throws -> RFMOverview
    func lifecycleOverview() async throws -> LifecycleOverview
    /// Highest CLV first (then id), keyset-paged.
    func members(of segment: RFMSegment, page: PageRequest) async throws -> Page<SegmentRow>
    func settings() async throws -> InsightSettings
    func save(_ settings: InsightSettings, audit: AuditEvent) async throws
    func models() async throws -> InsightModels
}
