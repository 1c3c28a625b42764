import Foundation

/// The summable figures of some days at some stores and channels, as the daily rollup holds them. Sums of
/// minor units over at most 731 days of a chain stay far inside Int64; the adders are checked anyway.
public struct KPISums: Sendable, Equatable {
    public var orders: Int64 = 0
    public var salesMinor: Int64 = 0
    /// Orders carrying a customer (a member's purchase) and their takings.
    public var memberOrders: Int64 = 0
    public var memberSalesMinor: Int64 = 0
    /// Returns recorded on these days (by the day of the return, at the store and channel of the order).
    public var returns: Int64 = 0
    public var refundsMinor: Int64 = 0

    public init(orders: Int64 = 0, salesMinor: Int64 = 0, memberOrders: Int64 = 0, memberSalesMinor: Int64 = 0, returns: Int64 = 0,
                refundsMinor: Int64 = 0) {
        self.orders = orders
        self.salesMinor = salesMinor
        self.memberOrders = memberOrders
        self.memberSalesMinor = memberSalesMinor
        self.returns = returns
        self.refundsMinor = refundsMinor
    }

    public static func + (lhs: KPISums, rhs: KPISums) -> KPISums {
        KPISums(orders: lhs.orders.addingSaturated(rhs.orders), salesMinor: lhs.salesMinor.addingSaturated(rhs.salesMinor),
                memberOrders: lhs.memberOrders.addingSaturated(rhs.memberOrders),
                memberSalesMinor: lhs.memberSalesMinor.addingSaturated(rhs.memberSalesMinor),
                returns: lhs.returns.addingSaturated(rhs.returns), refundsMinor: lhs.refundsMinor.addingSaturated(rhs.refundsMinor))
    }
}

/// Who bought in a period: distinct customers, and of them those with two or more orders in it. Not
/// summable across periods, so read from the orders for each period.
public struct KPIBuyers: Sendable, Equatable {
    public var active: Int64
    public var repeaters: Int64

    public init(active: Int64 = 0, repeaters: Int64 = 0) {
        self.active = active
        self.repeaters = repeaters
    }
}

/// One period of the KPI series with the ratios derived from its sums.
public struct KPIPoint: Sendable, Equatable {
    /// `2026-03-02` for a day or the Monday of a week, `2026-03` for a month.
    public var period: String
    public var sums: KPISums
    public var buyers: KPIBuyers
    /// Customers whose record was created in the period (of the store by preferred store when filtered).
    public var newMembers: Int64

    public init(period: String, sums: KPISums, buyers: KPIBuyers, newMembers: Int64) {
        self.period = period
        self.sums = sums
        self.buyers = buyers
        self.newMembers = newMembers
    }

    /// Sales minus the refunds of returns recorded in the period.
    public var netSalesMinor: Int64 { sums.salesMinor.subtractingSaturated(sums.refundsMinor) }
    /// Net sales per order, in minor units rounded half away from zero; nil without orders.
    public var averageOrderValueMinor: Int64? {
        sums.orders == 0 ? nil : Int64((Double(netSalesMinor) / Double(sums.orders)).rounded())
    }
    /// Share of active customers who ordered twice or more in the period, 0…1.
    public var repeatRate: Double? { buyers.active == 0 ? nil : Double(buyers.repeaters) / Double(buyers.active) }
    /// Share of orders that carried a customer, 0…1.
    public var memberShareOfOrders: Double? { sums.orders == 0 ? nil : Double(sums.memberOrders) / Double(sums.orders) }
    /// Share of sales taken from members' orders, 0…1.
    public var memberShareOfSales: Double? { sums.salesMinor == 0 ? nil : Double(sums.memberSalesMinor) / Double(sums.salesMinor) }
    /// Refunds as a share of sales, 0…1 (can exceed 1 when old orders are returned in a quiet period).
    public var returnsRate: Double? { sums.salesMinor == 0 ? nil : Double(sums.refundsMinor) / Double(sums.salesMinor) }
}

extension Int64 {
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    func subtractingSaturated(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}
