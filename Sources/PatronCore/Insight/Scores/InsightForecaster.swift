import Foundation

/// The bridge between the stored insight and the BG/NBD and Gamma-Gamma maths (Insight/CLV): the chain-wide
/// fit on a refresh, and each customer's closed-form forecast between refreshes. Time is in weeks, spend in
/// minor units.
public enum InsightForecaster {
    /// The models' view of a purchaser: x, t_x and T in weeks, and the mean repeat spend.
    public static func summary(_ features: CustomerFeatures, today: Int) -> PurchaseSummary {
        PurchaseSummary(frequency: features.frequency, recency: features.recencyWeeks, age: features.ageWeeks(today: today),
                        averageSpend: features.averageRepeatSpendMinor ?? 0)
    }

    /// Accumulates the base for a fit without keeping a row per customer: BG/NBD needs only (x, t_x, T) and
    /// Gamma-Gamma only (x, m) of the repeat buyers, so identical summaries are counted once.
    public struct FitInput: Sendable {
        var purchases: [PurchaseSummary: Int] = [:]
        var spend: [PurchaseSummary: Int] = [:]

        public init() {}

        public mutating func add(_ features: CustomerFeatures, today: Int) {
            guard features.hasPurchased else { return }
            let full = InsightForecaster.summary(features, today: today)
            purchases[PurchaseSummary(frequency: full.frequency, recency: full.recency, age: full.age), default: 0] += 1
            if full.frequency > 0, full.averageSpend > 0 {
                spend[PurchaseSummary(frequency: full.frequency, recency: 0, age: 0, averageSpend: full.averageSpend), default: 0] += 1
            }
        }
    }

    /// Fits BG/NBD, and Gamma-Gamma where there are enough repeat buyers; nil when BG/NBD cannot be fitted
    /// (too few customers or repeat buyers), so no forecast is shown rather than a meaningless one. Groups are
    /// sorted first, so the same base always gives the same parameters.
    public static func fit(_ input: FitInput) -> CLVParameters? {
        let order: (WeightedSummary, WeightedSummary) -> Bool = {
            ($0.summary.frequency, $0.summary.recency, $0.summary.age, $0.summary.averageSpend)
                < ($1.summary.frequency, $1.summary.recency, $1.summary.age, $1.summary.averageSpend)
        }
        let purchases = input.purchases.map { WeightedSummary($0.key, count: $0.value) }.sorted(by: order)
        guard let bgnbd = try? BGNBD.fit(purchases).parameters else { return nil }
        let spend = input.spend.map { WeightedSummary($0.key, count: $0.value) }.sorted(by: order)
        let gammaGamma = try? GammaGamma.fit(spend).parameters
        return CLVParameters(r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, p: gammaGamma?.p, q: gammaGamma?.q, gamma: gammaGamma?.gamma)
    }

    /// The customer's forecast from fitted parameters; nil for a prospect. Without Gamma-Gamma parameters the
    /// expected spend is the customer's own mean net spend per purchase day.
    public static func forecast(_ features: CustomerFeatures, today: Int, parameters: CLVParameters, settings: InsightSettings) -> CustomerForecast? {
        guard features.hasPurchased else { return nil }
        let summary = summary(features, today: today)
        let bgnbd = BGNBDParameters(r: parameters.r, alpha: parameters.alpha, a: parameters.a, b: parameters.b)
        guard bgnbd.isValid, summary.isValid else { return nil }
        let spend: Double
        if let p = parameters.p, let q = parameters.q, let gamma = parameters.gamma,
           case let gammaGamma = GammaGammaParameters(p: p, q: q, gamma: gamma), gammaGamma.isValid {
            spend = GammaGamma.expectedAverageSpend(gammaGamma, for: summary)
        } else {
            spend = Double(features.netSpendMinor) / Double(max(features.purchaseDays, 1))
        }
        var value = 0.0
        var previous = 0.0
        var discount = 1.0
        for month in 1...settings.clvMonths {
            let cumulative = BGNBD.expectedPurchases(bgnbd, over: Double(month) * LifetimeValue.weeksPerMonth, for: summary)
            discount *= 1 + settings.monthlyDiscountRate
            value += spend * (cumulative - previous) / discount
            previous = cumulative
        }
        return CustomerForecast(pAlive: finite(BGNBD.probabilityAlive(bgnbd, for: summary), in: 0...1),
                                expectedPurchases: finite(BGNBD.expectedPurchases(bgnbd, over: Double(settings.horizonWeeks), for: summary),
                                                          in: 0...1e6),
                                expectedSpendMinor: minor(spend), clvMinor: minor(value))
    }

    static func finite(_ value: Double, in range: ClosedRange<Double>) -> Double {
        value.isFinite ? min(max(value, range.lowerBound), range.upperBound) : range.lowerBound
    }

    /// A model amount as minor units, kept to a declared range (±10^15) so a degenerate fit cannot overflow.
    static func minor(_ value: Double) -> Int64 {
        Int64(finite(value, in: -1e15...1e15).rounded())
    }
}
