import Foundation

/// Draws customers from a BG/NBD process with known parameters, deterministically from a seed: the test that the
/// fit recovers what generated the data, and the source of realistic order histories for benchmarks. Each
/// customer buys at time 0, then at Poisson rate λ ~ Gamma(r, α); after each repeat purchase they drop out with
/// probability p ~ Beta(a, b). With Gamma-Gamma parameters, each transaction's value is Gamma(p, ν) with the
/// customer's ν ~ Gamma(q, γ).
public struct BGNBDSimulator: Sendable {
    public let parameters: BGNBDParameters
    public let spend: GammaGammaParameters?
    private var generator: SeededGenerator

    /// One simulated customer's hidden traits.
    public struct Customer: Sendable, Equatable {
        /// Purchases per week while active.
        public var rate: Double
        /// Probability of dropping out after each repeat purchase.
        public var dropout: Double
        /// Gamma rate of this customer's transaction values (their mean value is p / ν); nil without a spend model.
        public var spendRate: Double?
    }

    public init(parameters: BGNBDParameters, spend: GammaGammaParameters? = nil, seed: UInt64) {
        self.parameters = parameters
        self.spend = spend
        generator = SeededGenerator(seed: seed)
    }

    public mutating func drawCustomer() -> Customer {
        let rate = generator.gamma(shape: parameters.r, rate: parameters.alpha)
        let dropout = generator.beta(parameters.a, parameters.b)
        let spendRate = spend.map { generator.gamma(shape: $0.q, rate: $0.gamma) }
        return Customer(rate: rate, dropout: dropout, spendRate: spendRate)
    }

    /// The times (weeks after the first purchase, ascending, at most `age`) of a customer's repeat purchases,
    /// at most `limit` of them so a customer with an extreme rate cannot exhaust memory.
    public mutating func repeatPurchaseTimes(for customer: Customer, age: Double, limit: Int = 10_000) -> [Double] {
        var times: [Double] = []
        var now = 0.0
        while times.count < limit {
            now += generator.exponential(rate: customer.rate)
            guard now <= age else { break }
            times.append(now)
            if generator.openUnit() < customer.dropout { break }
        }
        return times
    }

    /// The value of one transaction by this customer (0 without a spend model).
    public mutating func transactionValue(for customer: Customer) -> Double {
        guard let spend, let spendRate = customer.spendRate else { return 0 }
        return generator.gamma(shape: spend.p, rate: spendRate)
    }

    /// A new customer's summary after `age` weeks, without keeping their purchase times.
    public mutating func summary(age: Double) -> PurchaseSummary {
        let customer = drawCustomer()
        var frequency = 0, recency = 0.0, now = 0.0, spent = 0.0
        while frequency < PurchaseSummary.maximumFrequency {
            now += generator.exponential(rate: customer.rate)
            guard now <= age else { break }
            frequency += 1
            recency = now
            spent += transactionValue(for: customer)
            if generator.openUnit() < customer.dropout { break }
        }
        return PurchaseSummary(frequency: frequency, recency: recency, age: age,
                               averageSpend: frequency > 0 ? spent / Double(frequency) : 0)
    }

    /// `count` customers whose ages are drawn uniformly from `ages`. With a `resolution` (a day is 1/7), ages and
    /// last-purchase times are rounded to it, as order dates are, which lets identical summaries share a weighted
    /// group; ages are rounded before the draw and times to the nearest step, so the rounding adds no bias.
    public mutating func summaries(count: Int, ages: ClosedRange<Double>, resolution: Double? = nil) -> [PurchaseSummary] {
        var result: [PurchaseSummary] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            var age = ages.lowerBound + (ages.upperBound - ages.lowerBound) * generator.openUnit()
            if let resolution { age = max(ages.lowerBound, (age / resolution).rounded() * resolution) }
            var summary = self.summary(age: age)
            if let resolution { summary.recency = min((summary.recency / resolution).rounded() * resolution, age) }
            result.append(summary)
        }
        return result
    }
}
