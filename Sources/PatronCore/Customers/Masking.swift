import Foundation

/// How personal data looks to staff without `customers.read_pii`: enough to recognise a customer at the
/// till, not enough to copy their details.
public enum Masking {
    /// `张伟` → `张*`, `Li Na` → `L****`.
    public static func name(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }

    /// `+8613812345678` → `138****5678`; other countries keep their code and last four.
    public static func mobile(_ mobile: MobileNumber) -> String {
        let e164 = mobile.e164
        if e164.hasPrefix("+86"), e164.count == 14 {
            let national = e164.dropFirst(3)
            return national.prefix(3) + "****" + national.suffix(4)
        }
        return e164.prefix(3) + String(repeating: "*", count: max(0, e164.count - 7)) + e164.suffix(4)
    }

    /// `zhangwei@qq.com` → `z***@qq.com`.
    public static func email(_ email: EmailAddress) -> String {
        let parts = email.value.split(separator: "@")
        guard parts.count == 2, let first = parts[0].first else { return "***" }
        return "\(first)***@\(parts[1])"
    }

    /// Birthdays keep month and day (for greetings), not the year.
    public static func birthday(_ day: CalendarDay) -> String {
        String(format: "****-%02d-%02d", day.month, day.day)
    }

    /// Addresses keep their first six characters (typically province and city).
    public static func address(_ address: String) -> String {
        String(address.prefix(6)) + "****"
    }

    public static func identifier(_ value: String) -> String {
        value.count <= 4 ? "****" : String(value.prefix(2)) + "****" + String(value.suffix(2))
    }
}
