import Foundation

/// The Gamma-Gamma model of spend per transaction: fitted on repeat buyers, it shrinks each customer's observed
/// average towards the population mean in proportion to how little evidence their purchases give.
public enum GammaGamma {
    /// The log-likelihood of the parameters on the repeat buyers among the groups.
    public static func logLikelihood(_ parameters: GammaGammaParameters, _ groups: [WeightedSummary]) -> Double {
        GammaGammaLikelihood(groups).logLikelihood(parameters)
    }

    public static func fit(_ summaries: [PurchaseSummary]) throws(InsightError) -> ModelFit<GammaGammaParameters> {
        try fit(WeightedSummary.grouped(summaries))
    }

    /// Maximum-likelihood estimates on the customers with x > 0 and a positive average spend (the others are
    /// counted as skipped), by BFGS in log-parameter space polished by a restart, with a second starting point
    /// should the first not converge.
    public static func fit(_ groups: [WeightedSummary]) throws(InsightError) -> ModelFit<GammaGammaParameters> {
        let likelihood = GammaGammaLikelihood(groups)
        guard likelihood.customers >= 3 else {
            throw .notEnoughData("Gamma-Gamma needs at least 3 repeat buyers with a positive spend; got \(likelihood.customers)")
        }
        let total = likelihood.totalWeight
        let objective: BFGSMinimiser.Objective = { point, gradient in
            let (p, q, gamma) = (exp(point[0]), exp(point[1]), exp(point[2]))
            var partials = (0.0, 0.0, 0.0)
            let ll = likelihood.evaluate(p: p, q: q, gamma: gamma, gradient: &partials)
            gradient[0] = -p * partials.0 / total
            gradient[1] = -q * partials.1 / total
            gradient[2] = -gamma * partials.2 / total
            return -ll / total
        }
        let (best, iterations) = BFGSMinimiser().minimise(objective, fromFirstConvergingOf: [[0.0, 0, 0], [log(2.0), log(2.0), log(0.5)]])
        guard let best else { throw .fitDidNotConverge("Gamma-Gamma: no starting point reached a finite optimum") }
        let parameters = GammaGammaParameters(p: exp(best.point[0]), q: exp(best.point[1]),
                                              gamma: exp(best.point[2]) / likelihood.scale)
        guard parameters.isValid else {
            throw .fitDidNotConverge("Gamma-Gamma: the optimum has no finite expected spend (\(parameters))")
        }
        return ModelFit(parameters: parameters, logLikelihood: likelihood.logLikelihood(parameters),
                        iterations: iterations, customers: likelihood.customers, skipped: likelihood.skipped)
    }

    /// E[spend per transaction | x, m] = p(γ + x·m) / (px + q − 1): the population mean pγ/(q−1) for a customer
    /// with no repeat purchase, moving towards their own average as x grows (lifetimes'
    /// `conditional_expected_average_profit`).
    public static func expectedAverageSpend(_ parameters: GammaGammaParameters, for summary: PurchaseSummary) -> Double {
        let x = Double(max(summary.frequency, 0))
        let m = summary.frequency > 0 ? summary.averageSpend : 0
        return parameters.p * (parameters.gamma + x * m) / (parameters.p * x + parameters.q - 1)
    }
}
