import Foundation

/// What a refresh fitted or measured on the whole base and every later per-customer update reuses until the
/// next refresh: the RFM cut points and the CLV model parameters. Stored chain-wide in `insight_models`.
public struct InsightModels: Sendable, Codable, Equatable {
    /// Names the refresh that produced them (its time); stored with every customer scored from them.
    public var version: String
    public var computedAt: Date
    public var cutPoints: RFMCutPoints
    /// Nil while the base is too small (or too uniform) to fit.
    public var clv: CLVParameters?
    /// Customers in the base the models were computed on.
    public var basePurchasers: Int

    public init(version: String, computedAt: Date, cutPoints: RFMCutPoints, clv: CLVParameters?, basePurchasers: Int) {
        self.version = version
        self.computedAt = computedAt
        self.cutPoints = cutPoints
        self.clv = clv
        self.basePurchasers = basePurchasers
    }

    /// Before the first refresh: neutral cut points, no forecast.
    public static let none = InsightModels(version: "none", computedAt: Date(timeIntervalSince1970: 0), cutPoints: .empty, clv: nil,
                                           basePurchasers: 0)
}

/// Fitted BG/NBD (purchase count and dropout) and Gamma-Gamma (spend per purchase) parameters, in weeks and
/// minor units. Gamma-Gamma is absent when too few customers bought more than once.
public struct CLVParameters: Sendable, Codable, Equatable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double
    public var p: Double?
    public var q: Double?
    public var gamma: Double?

    public init(r: Double, alpha: Double, a: Double, b: Double, p: Double?, q: Double?, gamma: Double?) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
        self.p = p
        self.q = q
        self.gamma = gamma
    }
}
