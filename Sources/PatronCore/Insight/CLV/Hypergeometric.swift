import Foundation

/// The piece of the BG/NBD expectations that needs the Gaussian hypergeometric function:
///
///     G = (1 − z)^(r+x) · ₂F₁(r + x, b + x; a + b + x − 1; z),   z = t / (α + T + t).
///
/// Summed as written, the series overflows for frequent buyers (its value grows like (1 − z)^(−x)), which is why
/// lifetimes falls back to Euler's transformation when scipy returns infinity. Applying Euler's transformation
/// ₂F₁(A, B; C; z) = (1 − z)^(C−A−B) ₂F₁(C − A, C − B; C; z) always gives
///
///     G = (1 − z)^(a−1) · ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z),
///
/// whose series has bounded terms for every x (the lower parameter grows with x, the upper ones do not), so it
/// converges quickly for the horizons CLV uses and never overflows. `oneMinusZ` is passed in rather than computed
/// from z so that it keeps full precision when z is close to 1.
func bgnbdHypergeometricTerm(r: Double, a: Double, b: Double, x: Int, z: Double, oneMinusZ: Double) -> Double {
    let upperA = a + b - 1 - r
    let upperB = a - 1
    let lower = a + b + Double(x) - 1
    var term = 1.0
    var sum = 1.0
    var k = 0.0
    while k < Double(maximumHypergeometricTerms) {
        term *= (upperA + k) * (upperB + k) / ((lower + k) * (k + 1)) * z
        sum += term
        if abs(term) <= 1e-15 * abs(sum) { break }
        k += 1
    }
    return pow(oneMinusZ, a - 1) * sum
}

/// Bounds the work per evaluation: with z ≤ 0.999 (a horizon a thousand times the customer's age) the terms fall
/// below 1e-15 of the sum well before this.
let maximumHypergeometricTerms = 100_000
