import Foundation

/// Everything Patron holds about one person, for a data-subject access request (PIPL art. 45, GDPR art. 15).
/// Assembled in the domain so every entry point hands over the same set; kinds of records that later modules
/// add (interactions, tickets, surveys, messages) join here.
public struct CustomerExport: Sendable {
    public var exportedAt: Date
    public var profile: Customer
    public var consents: [ConsentRecord]
    /// Newest first.
    public var orders: [Order]
    /// Newest first.
    public var history: [CustomerChange]
    /// The whole points ledger, oldest first.
    public var points: [PointsEntry]
}
