import Foundation

/// Customer lifetime value as lifetimes' `customer_lifetime_value(..., freq="W")` computes it: month by month,
/// the purchases expected in that month (the difference of cumulative BG/NBD expectations) times the
/// Gamma-Gamma expected spend, discounted at a monthly rate.
public enum LifetimeValue {
    /// Weeks in a month, the factor lifetimes uses for `freq="W"`.
    public static let weeksPerMonth = 4.345

    /// The discounted value over the next `months` months; `monthlyDiscountRate` 0.01 means 1 % a month.
    public static func value(bgnbd: BGNBDParameters, gammaGamma: GammaGammaParameters, for summary: PurchaseSummary,
                             months: Int = 12, monthlyDiscountRate: Double = 0.01) -> Double {
        guard months > 0 else { return 0 }
        let spend = GammaGamma.expectedAverageSpend(gammaGamma, for: summary)
        var value = 0.0
        var previous = 0.0
        var discount = 1.0
        for month in 1...months {
            let cumulative = BGNBD.expectedPurchases(bgnbd, over: Double(month) * weeksPerMonth, for: summary)
            discount *= 1 + monthlyDiscountRate
            value += spend * (cumulative - previous) / discount
            previous = cumulative
        }
        return value
    }
}
