import Foundation

/// The few distributions the BG/NBD simulator draws from, on any seeded generator so runs repeat exactly.
extension RandomNumberGenerator {
    /// Uniform on the open interval (0, 1), so logarithms of it are finite.
    mutating func openUnit() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
    }

    mutating func standardNormal() -> Double {
        sqrt(-2 * log(openUnit())) * cos(2 * Double.pi * openUnit())
    }

    mutating func exponential(rate: Double) -> Double {
        -log(openUnit()) / rate
    }

    /// Gamma(shape, rate) by Marsaglia & Tsang (2000), with the usual U^(1/shape) boost for shape < 1.
    mutating func gamma(shape: Double, rate: Double) -> Double {
        if shape < 1 {
            return gamma(shape: shape + 1, rate: rate) * pow(openUnit(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / sqrt(9 * d)
        while true {
            let z = standardNormal()
            let v = 1 + c * z
            guard v > 0 else { continue }
            let cube = v * v * v
            let u = openUnit()
            if log(u) < 0.5 * z * z + d - d * cube + d * log(cube) {
                return d * cube / rate
            }
        }
    }

    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, rate: 1)
        let y = gamma(shape: b, rate: 1)
        return x / (x + y)
    }
}
