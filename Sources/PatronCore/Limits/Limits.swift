/// The documented range of every number that enters Patron from outside: API bodies, query parameters,
/// import rows and POS messages. `openapi.yaml` states the same numbers as `minimum`/`maximum`; the domain
/// enforces them, so arithmetic on values inside these ranges provably fits in `Int64`, and `patron doctor`
/// reports stored records that predate them.
public enum Limits {
    /// Units of one product on one order line.
    public static let quantityPerLine: ClosedRange<Int> = 1...100_000
    /// Lines on one order.
    public static let linesPerOrder: ClosedRange<Int> = 1...500
    /// Payments on one order (each method once).
    public static let paymentsPerOrder: ClosedRange<Int> = 1...PaymentMethod.allCases.count
    /// Any single amount in minor units: a unit price, a line total, a discount, a payment, an order total,
    /// a refund. 10^12 fen is ¥10 billion, far above any retail order.
    public static let moneyMinor: ClosedRange<Int64> = 0...1_000_000_000_000
    /// One manual points adjustment, either way (zero is refused separately).
    public static let pointsPerAdjustment: ClosedRange<Int64> = -1_000_000_000...1_000_000_000
    /// Points any single order may earn or cost; with `moneyMinor` and multipliers ≤ `multiplierPercent`
    /// this bounds every earning product.
    public static let pointsPerOrder: ClosedRange<Int64> = 0...100_000_000_000_000
    /// Earning multipliers in percent (tier, category, campaign).
    public static let multiplierPercent: ClosedRange<Int> = 0...10_000
    /// Orders in one `POST /orders/batch`.
    public static let ordersPerBatch: ClosedRange<Int> = 1...1_000
    /// Lines in one return.
    public static let linesPerReturn: ClosedRange<Int> = 1...500
    /// Page sizes of every list.
    public static let pageSize: ClosedRange<Int> = 1...200

    /// Throws `invalid` naming `field` when `value` is outside `range`.
    public static func check<Value: Comparable & Sendable>(_ value: Value, in range: ClosedRange<Value>, field: String) throws(PatronError) {
        guard range.contains(value) else {
            throw .invalid(field: field, message: "\(field) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
    }

    /// `a + b`, or `invalid` naming `field` when the sum leaves `Int64`.
    public static func add(_ a: Int64, _ b: Int64, field: String) throws(PatronError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw .invalid(field: field, message: "\(field) is too large") }
        return sum
    }

    /// `a × b`, or `invalid` naming `field` when the product leaves `Int64`.
    public static func multiply(_ a: Int64, _ b: Int64, field: String) throws(PatronError) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw .invalid(field: field, message: "\(field) is too large") }
        return product
    }
}
