import Foundation

/// Where persona tags are computed and kept. Computing happens inside the database (aggregates over orders
/// and lines), so a refresh never loads the order history into memory.
public protocol PersonaRepository: Sendable {
    /// The customer's tags, by kind and value.
    func tags(of customer: Customer.ID) async throws -> [PersonaScore]
    /// Recomputes every customer's tags, replacing the old ones in one transaction.
    func refresh(at date: Date) async throws -> PersonaRefreshReport
    /// Each tag with how many live customers carry it.
    func tagCounts() async throws -> [PersonaTagCount]
}
