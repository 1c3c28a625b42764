import Foundation

/// A customer's recency, frequency and monetary scores, each 1 (worst fifth of the base) to 5 (best).
public struct RFMScores: Sendable, Equatable, Codable, Hashable {
    public var r: Int
    public var f: Int
    public var m: Int

    public init(r: Int, f: Int, m: Int) {
        self.r = r
        self.f = f
        self.m = m
    }
}

/// The quintile boundaries of the active base (customers with at least one purchase) as of a refresh: four
/// ascending cut points per measure. Stored with the refresh, so that a customer rescored after an order is
/// placed among the same fifths as everyone else until the next refresh.
///
/// Recency is days since the last purchase (fewer is better), frequency the purchase days, monetary the net
/// spend in minor units. A value scores one more for every cut point it exceeds (recency: one less), so
/// equal values always share a score, however many ties the base has.
public struct RFMCutPoints: Sendable, Equatable, Codable {
    public var recencyDays: [Int]
    public var purchaseDays: [Int]
    public var netSpendMinor: [Int64]

    public init(recencyDays: [Int], purchaseDays: [Int], netSpendMinor: [Int64]) {
        self.recencyDays = recencyDays
        self.purchaseDays = purchaseDays
        self.netSpendMinor = netSpendMinor
    }

    /// No base yet: every purchaser scores 3, 1, 1 until the first refresh.
    public static let empty = RFMCutPoints(recencyDays: [], purchaseDays: [], netSpendMinor: [])

    /// Cut points from the base's values, each array sorted in place (ascending). Empty input gives `empty`.
    public static func quintiles(recencyDays: inout [Int], purchaseDays: inout [Int], netSpendMinor: inout [Int64]) -> RFMCutPoints {
        recencyDays.sort()
        purchaseDays.sort()
        netSpendMinor.sort()
        return RFMCutPoints(recencyDays: cuts(recencyDays), purchaseDays: cuts(purchaseDays), netSpendMinor: cuts(netSpendMinor))
    }

    /// The values at the 20th, 40th, 60th and 80th percentiles (nearest rank) of a sorted array.
    static func cuts<Value: Comparable>(_ sorted: [Value]) -> [Value] {
        guard !sorted.isEmpty else { return [] }
        return (1...4).map { k in sorted[max((k * sorted.count + 4) / 5 - 1, 0)] }
    }

    /// The scores of a purchaser; nil for someone who never purchased.
    public func scores(_ features: CustomerFeatures, today: Int) -> RFMScores? {
        guard features.hasPurchased, let since = features.daysSinceLastPurchase(today: today) else { return nil }
        if recencyDays.isEmpty { return RFMScores(r: 3, f: 1, m: 1) }
        return RFMScores(r: 5 - recencyDays.count(where: { since > $0 }),
                         f: 1 + purchaseDays.count(where: { features.purchaseDays > $0 }),
                         m: 1 + netSpendMinor.count(where: { features.netSpendMinor > $0 }))
    }
}
