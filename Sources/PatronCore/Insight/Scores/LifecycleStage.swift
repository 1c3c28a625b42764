import Foundation

/// Where a customer stands in their relationship with the chain, by stable code.
public enum LifecycleStage: String, Sendable, Codable, CaseIterable, Hashable {
    /// Known to the chain, no purchase (or everything bought was returned).
    case prospect
    /// One purchase day, recent.
    case new
    case active
    /// Quiet for longer than usual, or the model thinks them likely gone.
    case atRisk = "at_risk"
    case churned
    /// Bought again after having been churned, for a while.
    case reactivated
}

/// The lifecycle rules, evaluated in this order:
/// 1. no purchase → prospect;
/// 2. days since the last purchase > `churnedDays`, or P(alive) < `churnedPAlive` → churned;
/// 3. days since the last purchase > `atRiskDays`, or P(alive) < `atRiskPAlive` → at risk;
/// 4. one purchase day, at most `newDays` ago → new;
/// 5. the stored stage was churned, or reactivated for at most `reactivatedDays` → reactivated;
/// 6. otherwise active.
/// P(alive) takes part only where a fitted model gave one. Reactivation is read from the stored stage, so a
/// customer's very first scoring cannot tell it.
public struct LifecycleRules: Sendable, Codable, Equatable {
    public var newDays: Int
    public var atRiskDays: Int
    public var churnedDays: Int
    public var reactivatedDays: Int
    public var atRiskPAlive: Double
    public var churnedPAlive: Double

    public init(newDays: Int = 90, atRiskDays: Int = 180, churnedDays: Int = 365, reactivatedDays: Int = 90,
                atRiskPAlive: Double = 0.5, churnedPAlive: Double = 0.15) {
        self.newDays = newDays
        self.atRiskDays = atRiskDays
        self.churnedDays = churnedDays
        self.reactivatedDays = reactivatedDays
        self.atRiskPAlive = atRiskPAlive
        self.churnedPAlive = churnedPAlive
    }

    public static let defaults = LifecycleRules()

    /// The stage now, and since when it holds (`previous`'s date when unchanged).
    public func stage(_ features: CustomerFeatures, pAlive: Double?, today: Int,
                      previous: (stage: LifecycleStage, sinceDay: Int)?) -> LifecycleStage {
        guard features.hasPurchased, let since = features.daysSinceLastPurchase(today: today) else { return .prospect }
        if since > churnedDays || (pAlive.map { $0 < churnedPAlive } ?? false) { return .churned }
        if since > atRiskDays || (pAlive.map { $0 < atRiskPAlive } ?? false) { return .atRisk }
        if features.purchaseDays == 1 && since <= newDays { return .new }
        switch previous {
        case (.churned, _)?: return .reactivated
        case (.reactivated, let sinceDay)? where today - sinceDay <= reactivatedDays: return .reactivated
        default: return .active
        }
    }

    func validate() throws(PatronError) {
        func days(_ value: Int, _ field: String) throws(PatronError) {
            guard (1...3_650).contains(value) else { throw .invalid(field: "lifecycle.\(field)", message: "\(field) is 1 to 3650 days") }
        }
        try days(newDays, "newDays")
        try days(atRiskDays, "atRiskDays")
        try days(churnedDays, "churnedDays")
        try days(reactivatedDays, "reactivatedDays")
        guard atRiskDays < churnedDays else {
            throw .invalid(field: "lifecycle.atRiskDays", message: "atRiskDays must be fewer than churnedDays")
        }
        for (value, field) in [(atRiskPAlive, "atRiskPAlive"), (churnedPAlive, "churnedPAlive")] {
            guard value.isFinite, (0...1).contains(value) else { throw .invalid(field: "lifecycle.\(field)", message: "\(field) is 0 to 1") }
        }
        guard churnedPAlive <= atRiskPAlive else {
            throw .invalid(field: "lifecycle.churnedPAlive", message: "churnedPAlive must not exceed atRiskPAlive")
        }
    }
}
