import Foundation
import PatronCore

/// How amounts, counts and times read in the console: `¥1,234.56`, grouped digits, local time of the chain.
/// Written out by hand rather than with locale formatters so the output is the same on every server.
struct ConsoleFormat: Sendable {
    let timeZone: TimeZone

    static func money(_ minor: Int64, _ currency: CurrencyCode = .cny) -> String {
        let per = currency.minorUnitsPerMajor
        let negative = minor < 0
        let magnitude = minor.magnitude
        let major = grouped(magnitude / UInt64(per))
        let symbol = currency == .cny ? "¥" : "\(currency.rawValue) "
        let fraction = per == 1 ? "" : "." + String(format: "%02llu", magnitude % UInt64(per))
        return (negative ? "-" : "") + symbol + major + fraction
    }

    static func number<N: BinaryInteger>(_ value: N) -> String {
        (value < 0 ? "-" : "") + grouped(UInt64(value.magnitude))
    }

    static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    private func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    /// `2026-11-25 14:05` in the chain's time zone.
    func time(_ date: Date?) -> String {
        guard let date else { return "" }
        let c = components(date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// `2026-11-25` in the chain's time zone.
    func day(_ date: Date?) -> String {
        guard let date else { return "" }
        let c = components(date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `11-25`, for chart axes.
    func shortDay(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%02d-%02d", c.month ?? 0, c.day ?? 0)
    }

    /// The start of a `yyyy-MM-dd` day in the chain's time zone, for filters.
    func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}
