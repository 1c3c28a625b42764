import Foundation

/// Which purchasers the chain-wide fit reads. Four parameters per model are pinned down long before a
/// million customers (the standard errors at 250,000 are far below the scores' precision), while the
/// likelihood costs a pass over every distinct history per step: on a million generated members that was five
/// seconds of a refresh. Above `cap` purchasers a fixed share of them is kept, chosen by a hash of the
/// customer id, so the same base always gives the same sample and the same parameters.
public struct InsightFitSample: Sendable {
    public static let defaultCap = 250_000

    /// Kept when the id's hash, in 1/65,536ths, falls below this.
    private let threshold: UInt64

    public init(purchasers: Int, cap: Int = defaultCap) {
        threshold = purchasers <= cap || cap <= 0 ? 65_536 : UInt64((65_536 * Double(cap) / Double(purchasers)).rounded(.up))
    }

    public var keepsEveryone: Bool { threshold >= 65_536 }

    public func includes(_ customer: Customer.ID) -> Bool {
        keepsEveryone || Self.hash(customer) & 0xFFFF < threshold
    }

    /// SplitMix64's finaliser over both halves of the id: ids issued in sequence (imports, generators) spread
    /// evenly.
    static func hash(_ id: UUID) -> UInt64 {
        let (high, low) = withUnsafeBytes(of: id.uuid) { raw in
            (raw.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, raw.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        var z = high &+ 0x9E37_79B9_7F4A_7C15 &* (low | 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
