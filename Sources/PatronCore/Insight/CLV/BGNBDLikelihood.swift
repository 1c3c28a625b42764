import Foundation

/// The BG/NBD log-likelihood over a set of weighted summaries, laid out for repeated evaluation by the optimiser:
/// customers sorted into blocks of equal frequency (so the log-gamma and digamma terms, which depend on x only,
/// are computed once per block), times in flat arrays, nothing allocated per evaluation. Times are rescaled so the
/// oldest customer's age is 10, as lifetimes does, which makes the all-ones starting point sensible for any unit.
///
/// Per customer (Fader, Hardie & Lee 2005, eq. 6, in the log-sum-exp form of Hardie's note 004):
///
///     ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
///         + ln( e^{A₃} + [x > 0] e^{A₄} ),
///     A₃ = −(r+x) ln(α+T),   A₄ = ln a − ln(b+x−1) − (r+x) ln(α+tₓ).
struct BGNBDLikelihood {
    private(set) var frequencies: [Int] = []
    private(set) var blockWeights: [Double] = []
    private(set) var blockStarts: [Int] = [0]
    private(set) var recency: [Double] = []
    private(set) var age: [Double] = []
    private(set) var weight: [Double] = []
    private(set) var totalWeight = 0.0
    /// Σ w·x, which converts a log-likelihood on rescaled times back to weeks.
    private(set) var weightedFrequency = 0.0
    private(set) var scale = 1.0
    private(set) var customers = 0
    private(set) var skipped = 0

    init(_ groups: [WeightedSummary]) {
        var byFrequency: [Int: [WeightedSummary]] = [:]
        var oldest = 0.0
        for group in groups {
            guard group.count > 0 else { continue }
            guard group.summary.isValid else {
                skipped += group.count
                continue
            }
            byFrequency[group.summary.frequency, default: []].append(group)
            oldest = max(oldest, group.summary.age)
            customers += group.count
        }
        scale = oldest > 0 ? 10 / oldest : 1
        for frequency in byFrequency.keys.sorted() {
            var blockWeight = 0.0
            for group in byFrequency[frequency] ?? [] {
                let w = Double(group.count)
                recency.append(group.summary.recency * scale)
                age.append(group.summary.age * scale)
                weight.append(w)
                blockWeight += w
            }
            frequencies.append(frequency)
            blockWeights.append(blockWeight)
            blockStarts.append(recency.count)
            totalWeight += blockWeight
            weightedFrequency += blockWeight * Double(frequency)
        }
    }

    /// Customers who bought again; without any, the dropout parameters a and b cannot be estimated.
    var repeatBuyers: Double {
        zip(frequencies, blockWeights).reduce(0) { $0 + ($1.0 > 0 ? $1.1 : 0) }
    }

    /// The log-likelihood in weeks for parameters in weeks.
    func logLikelihood(_ parameters: BGNBDParameters) -> Double {
        var gradient = (0.0, 0.0, 0.0, 0.0)
        let scaled = evaluate(r: parameters.r, alpha: parameters.alpha * scale, a: parameters.a, b: parameters.b,
                              gradient: &gradient)
        return scaled + weightedFrequency * log(scale)
    }

    /// The log-likelihood on the rescaled times and its partial derivatives in (r, α, a, b).
    func evaluate(r: Double, alpha: Double, a: Double, b: Double,
                  gradient: inout (Double, Double, Double, Double)) -> Double {
        var ll = 0.0, gr = 0.0, gAlpha = 0.0, ga = 0.0, gb = 0.0
        let lgR = logGamma(r), lgB = logGamma(b), lgAB = logGamma(a + b)
        let psiR = digamma(r), psiB = digamma(b), psiAB = digamma(a + b)
        let lnA = log(a)
        recency.withUnsafeBufferPointer { recency in
            age.withUnsafeBufferPointer { age in
                weight.withUnsafeBufferPointer { weight in
                    for block in 0..<frequencies.count {
                        let x = Double(frequencies[block])
                        let blockWeight = blockWeights[block]
                        let (start, end) = (blockStarts[block], blockStarts[block + 1])
                        let rx = r + x
                        if frequencies[block] == 0 {
                            for i in start..<end {
                                let lT = log(alpha + age[i])
                                ll -= weight[i] * r * lT
                                gr -= weight[i] * lT
                                gAlpha -= weight[i] * r / (alpha + age[i])
                            }
                            continue
                        }
                        let psiABX = digamma(a + b + x)
                        ll += blockWeight * (logGamma(rx) - lgR + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x))
                        gr += blockWeight * (digamma(rx) - psiR)
                        ga += blockWeight * (psiAB - psiABX)
                        gb += blockWeight * (psiAB + digamma(b + x) - psiB - psiABX)
                        let bx1 = b + x - 1
                        let c4 = lnA - log(bx1)
                        var dropped = 0.0
                        for i in start..<end {
                            let alphaT = alpha + age[i], alphaTx = alpha + recency[i]
                            let lT = log(alphaT), lTx = log(alphaTx)
                            let a3 = -rx * lT, a4 = c4 - rx * lTx
                            let e = exp(-abs(a3 - a4))
                            let total = max(a3, a4) + log1p(e)
                            let s4 = a4 >= a3 ? 1 / (1 + e) : e / (1 + e)
                            let s3 = a4 >= a3 ? e / (1 + e) : 1 / (1 + e)
                            let w = weight[i]
                            ll += w * total
                            gr -= w * (s3 * lT + s4 * lTx)
                            gAlpha -= w * rx * (s3 / alphaT + s4 / alphaTx)
                            dropped += w * s4
                        }
                        ga += dropped / a
                        gb -= dropped / bx1
                    }
                }
            }
        }
        ll += totalWeight * r * log(alpha)
        gr += totalWeight * log(alpha)
        gAlpha += totalWeight * r / alpha
        gradient = (gr, gAlpha, ga, gb)
        return ll
    }
}
