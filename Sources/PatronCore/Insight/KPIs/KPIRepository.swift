import Foundation

/// When and in which time zone the daily rollup was last refreshed, and the local days it covers.
public struct KPIRefreshState: Sendable, Equatable {
    public var timeZone: String
    public var computedAt: Date
    public var firstDay: ServiceDate
    public var lastDay: ServiceDate

    public init(timeZone: String, computedAt: Date, firstDay: ServiceDate, lastDay: ServiceDate) {
        self.timeZone = timeZone
        self.computedAt = computedAt
        self.firstDay = firstDay
        self.lastDay = lastDay
    }
}

/// What one refresh did, for the job history and the command line.
public struct KPIRefreshRun: Sendable, Equatable {
    /// Local days recomputed (from the first day with an order when rebuilding).
    public var days: Int
    public var full: Bool
    /// Cohort cells written.
    public var cohortCells: Int

    public init(days: Int, full: Bool, cohortCells: Int) {
        self.days = days
        self.full = full
        self.cohortCells = cohortCells
    }

    public var summary: String { "\(days) days \(full ? "rebuilt" : "refreshed"), \(cohortCells) cohort cells" }
}

/// Reads and refreshes the KPI aggregates. Summable figures come from the daily rollup; distinct-customer
/// counts come from the orders of the period through the time indexes.
public protocol KPIRepository: Sendable {
    func refreshState() async throws -> KPIRefreshState?
    /// Recomputes the rollup for local days `from` (or the first day with an order or return when nil)
    /// through `through` in `zone`, and the cohort triangle; records `at` as the time computed.
    func refresh(from: ServiceDate?, through: ServiceDate, zone: TimeZone, at: Date) async throws -> KPIRefreshRun
    /// The rollup's sums per local day (by day number) within the range.
    func sums(range: KPIRange, stores: Grants.StoreFilter, channel: SalesChannel?, currency: CurrencyCode) async throws -> [Int: KPISums]
    /// Distinct buyers, and those with two or more orders, for each `[start, end)` interval.
    func buyers(intervals: [(start: Date, end: Date)], stores: Grants.StoreFilter, channel: SalesChannel?) async throws -> [KPIBuyers]
    /// Customers created in each `[start, end)` interval (of the store by preferred store when filtered).
    func newMembers(intervals: [(start: Date, end: Date)], stores: Grants.StoreFilter) async throws -> [Int64]
    /// Tier moves and points issued, redeemed and expired in `[from, to)`; tiers and liability are left empty.
    func membership(from: Date, to: Date, stores: Grants.StoreFilter) async throws -> KPIMembership
    /// Stored cohort cells for cohort months (year × 12 + month − 1) in the range.
    func cohortCells(firstMonth: Int, lastMonth: Int) async throws -> [(cohortMonth: Int, monthsSince: Int, buyers: Int64)]
    /// Reply and resolution durations of tickets opened in `[from, to)`.
    func ticketTimes(from: Date, to: Date) async throws -> TicketTimes
    /// Per staff member: sales rung up in `[from, to)`, refunds of their orders' returns in it, tickets
    /// resolved in it, and SLA outcomes of their tickets opened in it.
    func staffFigures(from: Date, to: Date, stores: Grants.StoreFilter) async throws -> [StaffFigures]
}
