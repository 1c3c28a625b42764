import Foundation

/// What one customer's order history says, net of refunds, as the database aggregates it (`GROUP BY`, one
/// pass). Time is counted in UTC calendar days since 1970-01-01, and a *purchase* is a day on which the
/// customer's orders, less what was refunded on them, come to more than zero: several orders on one day are
/// one transaction (as in BG/NBD practice), and a day whose orders were all returned is no purchase at all.
///
/// Rules for the edge cases, relied on by RFM, lifecycle and the forecasts:
/// - No purchase day (no orders, only cancelled ones, or everything refunded): the customer is a prospect,
///   outside the RFM base, with no forecast.
/// - One purchase day: frequency 0, recency 0, no average repeat value; the spend model then falls back to the
///   population mean.
/// - Net spend is every order's total less its refunds; refunds count on the day of the order they refund.
public struct CustomerFeatures: Sendable, Equatable, Codable {
    public var customerId: Customer.ID
    /// Orders not cancelled, including fully refunded ones.
    public var orders: Int
    public var purchaseDays: Int
    public var firstPurchaseDay: Int?
    public var lastPurchaseDay: Int?
    /// Totals less refunds over every order, in minor units.
    public var netSpendMinor: Int64
    /// The net spend of the first purchase day, which the average repeat value leaves out.
    public var firstDaySpendMinor: Int64

    public init(customerId: Customer.ID, orders: Int = 0, purchaseDays: Int = 0, firstPurchaseDay: Int? = nil, lastPurchaseDay: Int? = nil,
                netSpendMinor: Int64 = 0, firstDaySpendMinor: Int64 = 0) {
        self.customerId = customerId
        self.orders = orders
        self.purchaseDays = purchaseDays
        self.firstPurchaseDay = firstPurchaseDay
        self.lastPurchaseDay = lastPurchaseDay
        self.netSpendMinor = netSpendMinor
        self.firstDaySpendMinor = firstDaySpendMinor
    }

    public static let secondsPerDay: Double = 86_400

    /// The UTC day number of `date`.
    public static func day(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / secondsPerDay).rounded(.down))
    }

    public static func date(ofDay day: Int) -> Date {
        Date(timeIntervalSince1970: Double(day) * secondsPerDay)
    }

    public var hasPurchased: Bool { purchaseDays > 0 && firstPurchaseDay != nil && lastPurchaseDay != nil }

    /// Repeat purchases, BG/NBD's x: purchase days after the first.
    public var frequency: Int { max(purchaseDays - 1, 0) }

    /// BG/NBD's t_x: weeks from the first to the last purchase.
    public var recencyWeeks: Double {
        guard let first = firstPurchaseDay, let last = lastPurchaseDay else { return 0 }
        return Double(last - first) / 7
    }

    /// BG/NBD's T: weeks from the first purchase to `today`; never less than the recency.
    public func ageWeeks(today: Int) -> Double {
        guard let first = firstPurchaseDay else { return 0 }
        return max(Double(today - first) / 7, recencyWeeks)
    }

    /// Days since the last purchase, for R and the lifecycle; nil without a purchase.
    public func daysSinceLastPurchase(today: Int) -> Int? {
        lastPurchaseDay.map { max(today - $0, 0) }
    }

    /// The mean net spend of the repeat purchase days, in minor units (Gamma-Gamma's m_x); nil without a repeat
    /// purchase, and never below zero.
    public var averageRepeatSpendMinor: Double? {
        guard frequency > 0 else { return nil }
        return max(Double(netSpendMinor - firstDaySpendMinor) / Double(frequency), 0)
    }
}
