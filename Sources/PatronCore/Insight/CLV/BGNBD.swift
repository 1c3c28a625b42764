import Foundation

/// The BG/NBD model ("Counting Your Customers the Easy Way", Fader, Hardie & Lee 2005): estimation by maximum
/// likelihood and the per-customer scores Patron shows — P(alive) and expected purchases over a horizon.
public enum BGNBD {
    /// The log-likelihood of the parameters on the data, in weeks; invalid summaries are left out.
    public static func logLikelihood(_ parameters: BGNBDParameters, _ groups: [WeightedSummary]) -> Double {
        BGNBDLikelihood(groups).logLikelihood(parameters)
    }

    public static func fit(_ summaries: [PurchaseSummary]) throws(InsightError) -> ModelFit<BGNBDParameters> {
        try fit(WeightedSummary.grouped(summaries))
    }

    /// Maximum-likelihood estimates, found by BFGS in log-parameter space (so every parameter stays positive) and
    /// polished by a restart with a fresh Hessian; should that not converge, a second starting point is tried.
    public static func fit(_ groups: [WeightedSummary]) throws(InsightError) -> ModelFit<BGNBDParameters> {
        let likelihood = BGNBDLikelihood(groups)
        guard likelihood.customers >= 4, likelihood.repeatBuyers >= 1 else {
            throw .notEnoughData("BG/NBD needs at least 4 valid customers, some of them repeat buyers; got \(likelihood.customers)")
        }
        let total = likelihood.totalWeight
        let objective: BFGSMinimiser.Objective = { point, gradient in
            let (r, alpha, a, b) = (exp(point[0]), exp(point[1]), exp(point[2]), exp(point[3]))
            var partials = (0.0, 0.0, 0.0, 0.0)
            let ll = likelihood.evaluate(r: r, alpha: alpha, a: a, b: b, gradient: &partials)
            gradient[0] = -r * partials.0 / total
            gradient[1] = -alpha * partials.1 / total
            gradient[2] = -a * partials.2 / total
            gradient[3] = -b * partials.3 / total
            return -ll / total
        }
        let (best, iterations) = BFGSMinimiser().minimise(objective, fromFirstConvergingOf: [[0.0, 0, 0, 0], [log(0.5), log(2.0), log(0.5), log(2.0)]])
        guard let best else { throw .fitDidNotConverge("BG/NBD: no starting point reached a finite optimum") }
        let parameters = BGNBDParameters(r: exp(best.point[0]), alpha: exp(best.point[1]) / likelihood.scale,
                                         a: exp(best.point[2]), b: exp(best.point[3]))
        guard parameters.isValid else { throw .fitDidNotConverge("BG/NBD: the optimum lies at a boundary (\(parameters))") }
        return ModelFit(parameters: parameters, logLikelihood: likelihood.logLikelihood(parameters),
                        iterations: iterations, customers: likelihood.customers, skipped: likelihood.skipped)
    }

    /// P(alive): the probability that a customer with this history has not dropped out (Hardie's note 021).
    /// Customers with no repeat purchase cannot have dropped out under the model, so it is 1 for them.
    public static func probabilityAlive(_ parameters: BGNBDParameters, for summary: PurchaseSummary) -> Double {
        guard summary.frequency > 0 else { return 1 }
        let x = Double(summary.frequency)
        let logOdds = (parameters.r + x) * log((parameters.alpha + summary.age) / (parameters.alpha + summary.recency))
            + log(parameters.a / (parameters.b + x - 1))
        return 1 / (1 + exp(logOdds))
    }

    /// Expected repeat purchases in the next `t` weeks for a customer with this history (FHL 2005, eq. 10),
    /// the figure lifetimes calls `conditional_expected_number_of_purchases_up_to_time`.
    public static func expectedPurchases(_ parameters: BGNBDParameters, over t: Double, for summary: PurchaseSummary) -> Double {
        guard t > 0 else { return 0 }
        let (r, alpha, a, b) = (parameters.r, parameters.alpha, parameters.a, parameters.b)
        let x = Double(summary.frequency)
        let horizon = alpha + summary.age + t
        let g = bgnbdHypergeometricTerm(r: r, a: a, b: b, x: summary.frequency, z: t / horizon,
                                        oneMinusZ: (alpha + summary.age) / horizon)
        let numerator = (a + b + x - 1) / (a - 1) * (1 - g)
        guard summary.frequency > 0 else { return numerator }
        let odds = exp((r + x) * log((alpha + summary.age) / (alpha + summary.recency))) * a / (b + x - 1)
        return numerator / (1 + odds)
    }

    /// Expected repeat purchases in the first `t` weeks of a customer just acquired (FHL 2005, eq. 9).
    public static func expectedPurchasesForNewCustomer(_ parameters: BGNBDParameters, over t: Double) -> Double {
        expectedPurchases(parameters, over: t, for: PurchaseSummary(frequency: 0, recency: 0, age: 0))
    }
}
