import Foundation

/// ψ(x), the derivative of log Γ, which the analytic gradients of the likelihoods need. Recurrence up to x ≥ 6,
/// then the asymptotic series; accurate to about 1e-14 for x > 0.
func digamma(_ value: Double) -> Double {
    var x = value
    var result = 0.0
    while x < 6 {
        result -= 1 / x
        x += 1
    }
    let inverse = 1 / x
    let square = inverse * inverse
    let series = square * (1.0 / 12 - square * (1.0 / 120 - square * (1.0 / 252 - square * (1.0 / 240 - square * (1.0 / 132)))))
    return result + log(x) - 0.5 * inverse - series
}
