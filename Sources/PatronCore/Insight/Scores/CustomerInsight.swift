import Foundation

/// One customer's stored insight: the features, RFM, lifecycle stage and forecasts as last computed, by the
/// nightly refresh or by the order event that changed them.
public struct CustomerInsight: Sendable, Equatable {
    public var features: CustomerFeatures
    public var computedAt: Date
    /// Nil for a prospect, who is outside the RFM base.
    public var rfm: RFMScores?
    public var segment: RFMSegment?
    public var stage: LifecycleStage
    /// The UTC day the stage began (or was first seen).
    public var stageSinceDay: Int
    public var forecast: CustomerForecast?
    /// The fitted model the forecast came from (`InsightModels.version`); nil without a forecast.
    public var modelVersion: String?

    public init(features: CustomerFeatures, computedAt: Date, rfm: RFMScores?, segment: RFMSegment?, stage: LifecycleStage,
                stageSinceDay: Int, forecast: CustomerForecast?, modelVersion: String?) {
        self.features = features
        self.computedAt = computedAt
        self.rfm = rfm
        self.segment = segment
        self.stage = stage
        self.stageSinceDay = stageSinceDay
        self.forecast = forecast
        self.modelVersion = modelVersion
    }

    public var customerId: Customer.ID { features.customerId }
}

/// What the fitted models predict for one customer.
public struct CustomerForecast: Sendable, Equatable, Codable {
    public var pAlive: Double
    /// Purchases (days) expected over the settings' horizon.
    public var expectedPurchases: Double
    /// Expected net spend per purchase, minor units.
    public var expectedSpendMinor: Int64
    /// Lifetime value over the settings' months, discounted, minor units.
    public var clvMinor: Int64

    public init(pAlive: Double, expectedPurchases: Double, expectedSpendMinor: Int64, clvMinor: Int64) {
        self.pAlive = pAlive
        self.expectedPurchases = expectedPurchases
        self.expectedSpendMinor = expectedSpendMinor
        self.clvMinor = clvMinor
    }
}
