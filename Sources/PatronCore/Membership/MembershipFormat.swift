import Foundation

/// Amounts and dates as notes and progress messages show them.
public enum MembershipFormat {
    public static func amount(_ minor: Int64, currency: CurrencyCode) -> String {
        let scale = currency.minorUnitsPerMajor
        let symbol = currency == .cny ? "¥" : "\(currency.rawValue) "
        let sign = minor < 0 ? "-" : ""
        let whole = minor.magnitude / UInt64(scale)
        let grouped = String(whole).reversed().enumerated().reduce(into: "") { text, pair in
            if pair.offset > 0 && pair.offset % 3 == 0 { text.append(",") }
            text.append(pair.element)
        }
        let major = String(grouped.reversed())
        guard scale > 1 else { return "\(sign)\(symbol)\(major)" }
        let fraction = minor.magnitude % UInt64(scale)
        return "\(sign)\(symbol)\(major).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func day(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
