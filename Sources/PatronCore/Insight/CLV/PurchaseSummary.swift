/// What the lifetime-value models know about one customer: the purchase history reduced to the statistics the
/// BG/NBD and Gamma-Gamma likelihoods depend on. Times are in weeks, counted from the customer's first purchase.
public struct PurchaseSummary: Sendable, Equatable, Hashable {
    /// Repeat purchases (x): every purchase after the first.
    public var frequency: Int
    /// Time of the last repeat purchase after the first purchase (t_x); 0 when there is none.
    public var recency: Double
    /// Time from the first purchase to the observation date (T).
    public var age: Double
    /// Mean value of the repeat purchases; 0 when there is none.
    public var averageSpend: Double

    public init(frequency: Int, recency: Double, age: Double, averageSpend: Double = 0) {
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.averageSpend = averageSpend
    }

    /// Whether the models can use this summary: finite, non-negative, and t_x ≤ T. Fits skip the others and count
    /// them, rather than letting one bad row turn the likelihood into NaN.
    public var isValid: Bool {
        frequency >= 0 && frequency <= Self.maximumFrequency
            && recency.isFinite && age.isFinite && averageSpend.isFinite
            && recency >= 0 && age >= 0 && recency <= age && averageSpend >= 0
            && (frequency > 0 || recency == 0)
    }

    /// More repeat purchases than anyone makes; keeps the per-frequency tables the fits build bounded.
    public static let maximumFrequency = 100_000
}
