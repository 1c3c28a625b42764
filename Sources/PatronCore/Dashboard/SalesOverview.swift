import Foundation

/// What a store or the chain sold in one period, net of nothing: returns are reported beside sales, so a
/// manager sees both the gross takings and what went back.
public struct SalesFigures: Hashable, Sendable {
    public var salesMinor: Int64
    public var orders: Int
    public var returns: Int
    public var refundsMinor: Int64
    public var newMembers: Int

    public init(salesMinor: Int64 = 0, orders: Int = 0, returns: Int = 0, refundsMinor: Int64 = 0, newMembers: Int = 0) {
        self.salesMinor = salesMinor
        self.orders = orders
        self.returns = returns
        self.refundsMinor = refundsMinor
        self.newMembers = newMembers
    }
}

/// Sales of one local calendar day, starting at `day` (the UTC instant of local midnight).
public struct DailySales: Hashable, Sendable {
    public var day: Date
    public var salesMinor: Int64
    public var orders: Int

    public init(day: Date, salesMinor: Int64, orders: Int) {
        self.day = day
        self.salesMinor = salesMinor
        self.orders = orders
    }
}

/// The home page's numbers at the caller's scope: today, this month, the last 30 days, tiers and points.
public struct SalesOverview: Sendable {
    public var currency: CurrencyCode
    public var today: SalesFigures
    public var month: SalesFigures
    public var last30Days: [DailySales]
    /// Members per tier code, in the programme's tier order.
    public var tiers: [(code: String, members: Int)]
    /// Nil when the caller may not see points liability.
    public var liability: PointsLiability?
}

/// Reads the aggregates; each figure is one indexed range query, whatever the size of the chain.
public protocol SalesOverviewRepository: Sendable {
    /// Sales, orders, returns and refunds with `from <= time < to`, and customers created in that range.
    func figures(from: Date, to: Date, currency: CurrencyCode, stores: Grants.StoreFilter) async throws -> SalesFigures
    /// One `DailySales` per consecutive pair of `boundaries`.
    func daily(boundaries: [Date], currency: CurrencyCode, stores: Grants.StoreFilter) async throws -> [DailySales]
    /// Members per tier code among customers of the given stores (by preferred store).
    func tierCounts(stores: Grants.StoreFilter) async throws -> [String: Int]
}
