import Foundation

/// Persistence of the programme, the derived membership state and the manual inputs. Writes run the
/// `MembershipEngine` inside one transaction with the customer's membership row locked, so concurrent
/// redemptions and adjustments for one customer are applied one after the other.
public protocol MembershipRepository: Sendable {
    func programme() async throws -> MembershipProgramme
    func save(_ programme: MembershipProgramme, audit: AuditEvent) async throws
    /// The position as of `date`, with expiries and reviews up to then applied (without storing them).
    func summary(of customer: Customer.ID, at date: Date) async throws -> MembershipSummary
    /// The same position without the open lots listed (`points.lots` empty): for views that show the totals,
    /// such as the customer 360, read without loading every lot and order of a long history.
    func position(of customer: Customer.ID, at date: Date) async throws -> MembershipSummary
    /// Newest first.
    func tierHistory(of customer: Customer.ID, page: PageRequest) async throws -> Page<TierChange>
    /// Newest first.
    func ledger(of customer: Customer.ID, page: PageRequest) async throws -> Page<PointsEntry>
    func adjust(_ adjustment: PointsAdjustment, audit: AuditEvent) async throws -> PointsEntry
    func setOverride(_ override: TierOverride, for customer: Customer.ID, audit: AuditEvent) async throws
    /// Ends the running override; false when there was none.
    func endOverride(of customer: Customer.ID, at date: Date, by actor: String, audit: AuditEvent) async throws -> Bool
    func liability(at date: Date) async throws -> PointsLiability
    /// Applies expiries, reviews and override ends due by `date` for every customer; answers how many moved.
    func advanceAll(to date: Date) async throws -> Int
    /// Replays every customer's inputs from scratch and replaces the derived state.
    func rebuild(asOf date: Date) async throws -> RebuildReport
}

/// Points the chain owes its members, for finance.
public struct PointsLiability: Hashable, Sendable {
    public var asOf: Date
    public var availablePoints: Int64
    public var pendingPoints: Int64
    public var members: Int
    public var currency: CurrencyCode
    /// Outstanding points (available and pending) at the redemption rate.
    public var valueMinor: Int64

    public init(asOf: Date, availablePoints: Int64, pendingPoints: Int64, members: Int, currency: CurrencyCode, valueMinor: Int64) {
        self.asOf = asOf
        self.availablePoints = availablePoints
        self.pendingPoints = pendingPoints
        self.members = members
        self.currency = currency
        self.valueMinor = valueMinor
    }
}

public struct RebuildReport: Hashable, Sendable {
    public var customers: Int
    public var entries: Int
    public var tierChanges: Int

    public init(customers: Int, entries: Int, tierChanges: Int) {
        self.customers = customers
        self.entries = entries
        self.tierChanges = tierChanges
    }
}
