/// The Gamma-Gamma spend model (Fader, Hardie & Lee, "RFM and CLV", 2005; Hardie's note 025): each transaction's
/// value is Gamma(p, ν) around the customer's mean, and ν is Gamma(q, γ) across customers. γ is in currency units.
public struct GammaGammaParameters: Codable, Sendable, Equatable, Hashable {
    public var p: Double
    public var q: Double
    public var gamma: Double

    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// Whether the parameters are finite and positive and q > 1, which the expected spend needs to exist.
    public var isValid: Bool {
        [p, q, gamma].allSatisfy { $0.isFinite && $0 > 0 } && q > 1
    }
}
