import Foundation

/// Turns one customer's features into their stored insight, the same way for the nightly refresh and for the
/// per-order update: RFM from the stored cut points, the forecast in closed form from the stored parameters,
/// and the lifecycle stage from the rules. Pure, so both paths give the same numbers for the same inputs.
public struct InsightScorer: Sendable {
    public let settings: InsightSettings
    public let models: InsightModels
    public let computedAt: Date
    public let today: Int

    public init(settings: InsightSettings, models: InsightModels, at date: Date) {
        self.settings = settings
        self.models = models
        computedAt = date
        today = CustomerFeatures.day(of: date)
    }

    /// `previous` is the stored stage and the day it began, if the customer was scored before.
    public func score(_ features: CustomerFeatures, previous: (stage: LifecycleStage, sinceDay: Int)?) -> CustomerInsight {
        let rfm = models.cutPoints.scores(features, today: today)
        let forecast = models.clv.flatMap { InsightForecaster.forecast(features, today: today, parameters: $0, settings: settings) }
        let stage = settings.lifecycle.stage(features, pAlive: forecast?.pAlive, today: today, previous: previous)
        let since = previous.flatMap { $0.stage == stage ? $0.sinceDay : nil } ?? today
        return CustomerInsight(features: features, computedAt: computedAt, rfm: rfm, segment: rfm.flatMap(settings.segments.segment(for:)),
                               stage: stage, stageSinceDay: since, forecast: forecast, modelVersion: forecast == nil ? nil : models.version)
    }
}
