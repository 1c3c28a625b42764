import Foundation

/// Quasi-Newton minimisation (BFGS with a backtracking Armijo line search) of a smooth function of a few
/// variables, given its value and gradient. Non-finite values are treated as "too far" and the step shrinks, so
/// the likelihoods can be explored in log-parameter space without guarding every overflow. Steps are capped per
/// coordinate so one bad direction cannot jump to parameters like e^40.
struct BFGSMinimiser {
    /// Returns the value of the function at a point and writes its gradient.
    typealias Objective = (_ point: [Double], _ gradient: inout [Double]) -> Double

    var gradientTolerance = 1e-7
    /// Three steps in a row that each improve the value by less than this share of it end the search as
    /// converged (scipy's L-BFGS-B stops on the same test). Without it a likelihood whose optimum lies at
    /// infinity along a ridge (BG/NBD's `a` and `b` when every customer drops out at the same rate) walked to
    /// the iteration cap: minutes, not seconds, on a million customers.
    var relativeTolerance = 1e-10
    var maximumIterations = 500
    var maximumStep = 4.0

    struct Result {
        var point: [Double]
        var value: Double
        var iterations: Int
        var converged: Bool
    }

    /// The first of `starts` that converges to a finite optimum, each run polished by a restart from its
    /// end point with a fresh Hessian; nil when none does. `iterations` counts every run's steps.
    func minimise(_ objective: Objective, fromFirstConvergingOf starts: [[Double]]) -> (best: Result?, iterations: Int) {
        var iterations = 0
        for start in starts {
            var result = minimise(objective, from: start)
            iterations += result.iterations
            if result.value.isFinite {
                let polished = minimise(objective, from: result.point)
                iterations += polished.iterations
                if polished.value <= result.value { result = polished }
            }
            if result.converged, result.value.isFinite { return (result, iterations) }
        }
        return (nil, iterations)
    }

    func minimise(_ objective: Objective, from start: [Double]) -> Result {
        let n = start.count
        var point = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(point, &gradient)
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            return Result(point: point, value: value, iterations: 0, converged: false)
        }
        var inverseHessian = Self.identity(n)
        var direction = [Double](repeating: 0, count: n)
        var candidate = [Double](repeating: 0, count: n)
        var candidateGradient = [Double](repeating: 0, count: n)
        var stalled = 0
        for iteration in 1...maximumIterations {
            if gradient.reduce(0, { max($0, abs($1)) }) < gradientTolerance {
                return Result(point: point, value: value, iterations: iteration - 1, converged: true)
            }
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum -= inverseHessian[i * n + j] * gradient[j] }
                direction[i] = sum
            }
            var slope = zip(direction, gradient).reduce(0) { $0 + $1.0 * $1.1 }
            if !(slope < 0) {
                inverseHessian = Self.identity(n)
                for i in 0..<n { direction[i] = -gradient[i] }
                slope = zip(direction, gradient).reduce(0) { $0 + $1.0 * $1.1 }
            }
            let longest = direction.reduce(0) { max($0, abs($1)) }
            var step = longest > maximumStep ? maximumStep / longest : 1.0
            var candidateValue = Double.infinity
            var accepted = false
            for _ in 0..<40 {
                for i in 0..<n { candidate[i] = point[i] + step * direction[i] }
                candidateValue = objective(candidate, &candidateGradient)
                if candidateValue.isFinite, candidateGradient.allSatisfy(\.isFinite),
                   candidateValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else {
                return Result(point: point, value: value, iterations: iteration, converged: gradientIsSmall(gradient))
            }
            var s = [Double](repeating: 0, count: n)
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = candidate[i] - point[i]
                y[i] = candidateGradient[i] - gradient[i]
            }
            let improvement = value - candidateValue
            point = candidate
            gradient = candidateGradient
            value = candidateValue
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if sy > 1e-12 {
                Self.update(&inverseHessian, s: s, y: y, sy: sy)
            }
            stalled = improvement <= relativeTolerance * max(1, abs(value)) ? stalled + 1 : 0
            if stalled >= 3 {
                return Result(point: point, value: value, iterations: iteration, converged: true)
            }
        }
        return Result(point: point, value: value, iterations: maximumIterations, converged: gradientIsSmall(gradient))
    }

    /// A looser test for stopping early on a flat stretch: the optimum of a sum over thousands of customers is
    /// only defined to a few digits past what the scores use.
    private func gradientIsSmall(_ gradient: [Double]) -> Bool {
        gradient.reduce(0) { max($0, abs($1)) } < 1e-5
    }

    private static func identity(_ n: Int) -> [Double] {
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n { matrix[i * n + i] = 1 }
        return matrix
    }

    /// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / yᵀs.
    private static func update(_ h: inout [Double], s: [Double], y: [Double], sy: Double) {
        let n = s.count
        let rho = 1 / sy
        var hy = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += h[i * n + j] * y[j] }
            hy[i] = sum
        }
        let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
        for i in 0..<n {
            for j in 0..<n {
                h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
            }
        }
    }
}
