import Foundation
import PatronCore

/// Amounts typed into a form ("128", "128.5", "¥1,280.50"), read exactly to fen: digits are parsed as
/// integers, never through a floating-point value, so ¥0.29 is 29 fen and not 28.999….
enum OrderMoneyInput {
    /// The amount in minor units, or nil when the text is not a non-negative amount with at most the
    /// currency's decimals, or exceeds the largest amount an order may carry.
    static func minor(_ text: String, currency: CurrencyCode) -> Int64? {
        var plain = text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        if plain.hasPrefix("¥") || plain.hasPrefix("￥") { plain.removeFirst() }
        let parts = plain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let decimals = Self.decimals(currency)
        guard let whole = parts.first, (1...13).contains(whole.count), whole.allSatisfy(\.isASCIIDigit) else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.count <= decimals, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else { return nil }
        fraction += String(repeating: "0", count: decimals - fraction.count)
        guard let major = Int64(whole), let minor = Int64(fraction.isEmpty ? "0" : fraction) else { return nil }
        let (scaled, overflow) = major.multipliedReportingOverflow(by: currency.minorUnitsPerMajor)
        guard !overflow, Limits.moneyMinor.contains(scaled + minor) else { return nil }
        return scaled + minor
    }

    /// The amount as an input's value: `1280.50`, no symbol or grouping, so it parses back unchanged.
    static func text(_ minor: Int64, currency: CurrencyCode) -> String {
        let per = currency.minorUnitsPerMajor
        let decimals = Self.decimals(currency)
        guard decimals > 0 else { return String(minor) }
        let fraction = String(minor.magnitude % UInt64(per))
        return (minor < 0 ? "-" : "") + String(minor.magnitude / UInt64(per)) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    static func decimals(_ currency: CurrencyCode) -> Int {
        var per = currency.minorUnitsPerMajor
        var decimals = 0
        while per > 1 {
            per /= 10
            decimals += 1
        }
        return decimals
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
