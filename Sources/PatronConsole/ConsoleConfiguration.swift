import Foundation
import PatronCore

/// How the console presents itself; `patron serve` fills it from flags and `PATRON_*` variables.
public struct ConsoleConfiguration: Sendable {
    /// The chain's time zone: "today", "this month" and every time shown are in it.
    public var timeZone: TimeZone
    /// The chain's currency for sales figures.
    public var currency: CurrencyCode
    /// Mark the session cookie `Secure` on every response, not only when a proxy says the request came over HTTPS.
    public var alwaysSecureCookies: Bool

    public init(timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt, currency: CurrencyCode = .cny,
                alwaysSecureCookies: Bool = false) {
        self.timeZone = timeZone
        self.currency = currency
        self.alwaysSecureCookies = alwaysSecureCookies
    }
}
