/// An amount in integer minor units (fen, cents) of one currency. Integer arithmetic keeps totals exact;
/// there is deliberately no floating-point initialiser.
public struct Money: Hashable, Sendable, Codable {
    public var minorUnits: Int64
    public var currency: CurrencyCode

    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: CurrencyCode) -> Money { Money(minorUnits: 0, currency: currency) }
}

/// An ISO 4217 alphabetic code. Validated on creation so a typo never reaches the database.
public struct CurrencyCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public static let cny = CurrencyCode(unchecked: "CNY")

    public init(_ code: String) throws(PatronError) {
        let upper = code.uppercased()
        guard upper.count == 3, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw .invalid(field: "currency", message: "currency must be a three-letter ISO 4217 code, got '\(code)'")
        }
        rawValue = upper
    }

    init(unchecked: String) { rawValue = unchecked }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        try self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension CurrencyCode {
    /// Minor units in one major unit: 100 fen to the yuan; currencies without a minor unit have 1.
    public var minorUnitsPerMajor: Int64 {
        ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"].contains(rawValue) ? 1 : 100
    }
}
