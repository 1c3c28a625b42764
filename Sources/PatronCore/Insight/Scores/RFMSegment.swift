import Foundation

/// The named RFM segments, by stable code; the console's catalogues give their names in each language.
public enum RFMSegment: String, Sendable, Codable, CaseIterable, Hashable {
    case champions
    case loyal
    case potentialLoyalist = "potential_loyalist"
    case new
    case promising
    case needAttention = "need_attention"
    case aboutToSleep = "about_to_sleep"
    case atRisk = "at_risk"
    case cantLose = "cant_lose"
    case hibernating
    case lost
}

/// One line of the segment table: the customers whose R and F scores fall in both ranges.
public struct RFMSegmentRule: Sendable, Codable, Equatable {
    public var segment: RFMSegment
    public var recency: ClosedRange<Int>
    public var frequency: ClosedRange<Int>

    public init(_ segment: RFMSegment, r recency: ClosedRange<Int>, f frequency: ClosedRange<Int>) {
        self.segment = segment
        self.recency = recency
        self.frequency = frequency
    }

    enum CodingKeys: String, CodingKey { case segment, rMin, rMax, fMin, fMax }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        segment = try c.decode(RFMSegment.self, forKey: .segment)
        let (rMin, rMax) = (try c.decode(Int.self, forKey: .rMin), try c.decode(Int.self, forKey: .rMax))
        let (fMin, fMax) = (try c.decode(Int.self, forKey: .fMin), try c.decode(Int.self, forKey: .fMax))
        guard rMin <= rMax, fMin <= fMax else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "a range's minimum exceeds its maximum"))
        }
        recency = rMin...rMax
        frequency = fMin...fMax
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(segment, forKey: .segment)
        try c.encode(recency.lowerBound, forKey: .rMin)
        try c.encode(recency.upperBound, forKey: .rMax)
        try c.encode(frequency.lowerBound, forKey: .fMin)
        try c.encode(frequency.upperBound, forKey: .fMax)
    }

    /// The usual R×F segment map, first match wins. Lost (R1 F1) is read before Hibernating (R1–2 F1–2).
    ///
    ///          F1              F2              F3              F4          F5
    ///     R5   new             potential       potential       champions   champions
    ///     R4   promising       potential       potential       loyal       loyal
    ///     R3   about to sleep  about to sleep  need attention  loyal       loyal
    ///     R2   hibernating     hibernating     at risk         at risk     can't lose
    ///     R1   lost            hibernating     at risk         at risk     can't lose
    public static let standard: [RFMSegmentRule] = [
        RFMSegmentRule(.lost, r: 1...1, f: 1...1),
        RFMSegmentRule(.hibernating, r: 1...2, f: 1...2),
        RFMSegmentRule(.atRisk, r: 1...2, f: 3...4),
        RFMSegmentRule(.cantLose, r: 1...2, f: 5...5),
        RFMSegmentRule(.aboutToSleep, r: 3...3, f: 1...2),
        RFMSegmentRule(.needAttention, r: 3...3, f: 3...3),
        RFMSegmentRule(.loyal, r: 3...4, f: 4...5),
        RFMSegmentRule(.promising, r: 4...4, f: 1...1),
        RFMSegmentRule(.new, r: 5...5, f: 1...1),
        RFMSegmentRule(.potentialLoyalist, r: 4...5, f: 2...3),
        RFMSegmentRule(.champions, r: 5...5, f: 4...5),
    ]
}

extension Array where Element == RFMSegmentRule {
    /// The segment of the first rule covering the scores. A validated table covers every cell.
    public func segment(for scores: RFMScores) -> RFMSegment? {
        first { $0.recency.contains(scores.r) && $0.frequency.contains(scores.f) }?.segment
    }
}
