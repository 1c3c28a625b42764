/// The four parameters of the BG/NBD model (Fader, Hardie & Lee 2005): while active, a customer buys at rate λ
/// drawn from Gamma(shape r, rate α); after each repeat purchase they drop out with probability p drawn from
/// Beta(a, b). α is in the data's time unit, weeks.
public struct BGNBDParameters: Codable, Sendable, Equatable, Hashable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// Whether every parameter is finite and positive, as the model requires.
    public var isValid: Bool {
        [r, alpha, a, b].allSatisfy { $0.isFinite && $0 > 0 }
    }
}
