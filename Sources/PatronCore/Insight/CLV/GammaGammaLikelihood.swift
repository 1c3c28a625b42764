import Foundation

/// The Gamma-Gamma log-likelihood of repeat buyers' average spends, laid out like `BGNBDLikelihood`: blocks of
/// equal frequency, flat arrays, spends rescaled to a mean of 1 so the all-ones start suits any currency.
///
/// Per customer with x repeat purchases of mean value m:
///
///     ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(xm + γ).
struct GammaGammaLikelihood {
    private(set) var frequencies: [Int] = []
    private(set) var blockWeights: [Double] = []
    /// Σ w ln m per block, constant during the fit.
    private(set) var blockLogSpend: [Double] = []
    private(set) var blockStarts: [Int] = [0]
    private(set) var spend: [Double] = []
    private(set) var weight: [Double] = []
    private(set) var totalWeight = 0.0
    private(set) var scale = 1.0
    private(set) var customers = 0
    private(set) var skipped = 0

    init(_ groups: [WeightedSummary]) {
        var byFrequency: [Int: [WeightedSummary]] = [:]
        var spent = 0.0, counted = 0.0
        for group in groups {
            guard group.count > 0 else { continue }
            guard group.summary.isValid, group.summary.frequency > 0, group.summary.averageSpend > 0 else {
                skipped += group.count
                continue
            }
            byFrequency[group.summary.frequency, default: []].append(group)
            customers += group.count
            spent += Double(group.count) * group.summary.averageSpend
            counted += Double(group.count)
        }
        scale = spent > 0 ? counted / spent : 1
        for frequency in byFrequency.keys.sorted() {
            var blockWeight = 0.0, logSpend = 0.0
            for group in byFrequency[frequency] ?? [] {
                let w = Double(group.count)
                let m = group.summary.averageSpend * scale
                spend.append(m)
                weight.append(w)
                blockWeight += w
                logSpend += w * log(m)
            }
            frequencies.append(frequency)
            blockWeights.append(blockWeight)
            blockLogSpend.append(logSpend)
            blockStarts.append(spend.count)
            totalWeight += blockWeight
        }
    }

    /// The log-likelihood in currency units for parameters in currency units.
    func logLikelihood(_ parameters: GammaGammaParameters) -> Double {
        var gradient = (0.0, 0.0, 0.0)
        let scaled = evaluate(p: parameters.p, q: parameters.q, gamma: parameters.gamma * scale, gradient: &gradient)
        return scaled + totalWeight * log(scale)
    }

    /// The log-likelihood on the rescaled spends and its partial derivatives in (p, q, γ).
    func evaluate(p: Double, q: Double, gamma: Double, gradient: inout (Double, Double, Double)) -> Double {
        var ll = 0.0, gp = 0.0, gq = 0.0, gGamma = 0.0
        let lgQ = logGamma(q), psiQ = digamma(q), lnGamma = log(gamma)
        spend.withUnsafeBufferPointer { spend in
            weight.withUnsafeBufferPointer { weight in
                for block in 0..<frequencies.count {
                    let x = Double(frequencies[block])
                    let blockWeight = blockWeights[block]
                    let px = p * x
                    let psiPXQ = digamma(px + q), psiPX = digamma(px)
                    let lnX = log(x)
                    var logTotal = 0.0, inverseTotal = 0.0
                    for i in blockStarts[block]..<blockStarts[block + 1] {
                        let total = x * spend[i] + gamma
                        logTotal += weight[i] * log(total)
                        inverseTotal += weight[i] / total
                    }
                    ll += blockWeight * (logGamma(px + q) - logGamma(px) - lgQ + q * lnGamma + px * lnX)
                        + (px - 1) * blockLogSpend[block] - (px + q) * logTotal
                    gp += blockWeight * x * (psiPXQ - psiPX + lnX) + x * blockLogSpend[block] - x * logTotal
                    gq += blockWeight * (psiPXQ - psiQ + lnGamma) - logTotal
                    gGamma += blockWeight * q / gamma - (px + q) * inverseTotal
                }
            }
        }
        gradient = (gp, gq, gGamma)
        return ll
    }
}
