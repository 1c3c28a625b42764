import Foundation

/// ln Γ(x) through the reentrant libm entry (the overlay's tuple form calls lgamma_r), so fits running on several
/// threads at once do not race on the C library's global `signgam`.
func logGamma(_ x: Double) -> Double {
    let (value, _): (Double, Int) = lgamma(x)
    return value
}
