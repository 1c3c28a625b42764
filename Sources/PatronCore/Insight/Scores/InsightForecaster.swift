import Foundation

/// The seam between the stored insight and the BG/NBD and Gamma-Gamma maths (Insight/CLV): fitting the
/// chain-wide parameters on a refresh, and each customer's closed-form forecast.
public enum InsightForecaster {
    /// Fits the models on the purchasers' summaries; nil when there is nothing to fit.
    public static func fit(_ purchasers: [CustomerFeatures], today: Int) -> CLVParameters? {
        nil
    }

    /// The customer's forecast from fitted parameters; nil for a prospect.
    public static func forecast(_ features: CustomerFeatures, today: Int, parameters: CLVParameters, settings: InsightSettings) -> CustomerForecast? {
        nil
    }
}
