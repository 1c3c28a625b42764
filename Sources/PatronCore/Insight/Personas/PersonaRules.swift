import Foundation

/// The thresholds behind every persona tag, with the defaults Patron ships. The rules, applied to a
/// customer's orders that are neither cancelled nor wholly refunded:
///
/// - `category`: net spend per leaf category (line totals less returned units); the top `maxCategories`
///   categories whose share of the customer's net spend is at least `categoryMinShare`. None when net spend ≤ 0.
/// - `price`: the catalogue's price ladder per category (active or not) cuts at the `priceLowPercentile` and
///   `priceHighPercentile` list prices; lines without a category use the chain-wide ladder. Each unit bought
///   scores 0 (at or below the low cut, and below the high cut), 2 (above the high cut) or 1; the index is the
///   average over net units, `budget` when ≤ `budgetIndexAtMost`, `premium` when ≥ `premiumIndexAtLeast`.
/// - `channel`: orders in store (`store`) against every other channel (`online`, `app`,
///   `wechat_mini_program`, `phone`: bought at a distance); `omnichannel` when each side has at least
///   `omnichannelMinShare` of the orders, else the side with the majority (store on a tie).
/// - `store`: the store with most orders when it has at least `preferredStoreMinShare` of them.
/// - `daypart`: local hour of the order in its store's time zone — morning from `morningStartsAt`, afternoon
///   from `afternoonStartsAt`, evening from `eveningStartsAt`, night from `nightStartsAt` until morning; the
///   busiest part when it has at least `daypartMinShare` of the orders (earlier part on a tie).
/// - `week`: `weekend` (local Saturday or Sunday) when at least `weekendMinShare` of the orders, else `weekday`.
/// - `discount`: the share of net spend on lines with a line discount or in orders with an order discount;
///   `high` from `discountHighShare`, `medium` from `discountMediumShare`, else `low`. None when net spend ≤ 0.
///
/// Local time uses the offset from UTC each store's zone has when the tags are computed (exact for zones
/// without daylight saving, such as all of China); a store whose zone is unknown uses `defaultTimeZone`.
public struct PersonaRules: Sendable, Equatable {
    public var maxCategories = 3
    public var categoryMinShare = 0.2
    public var priceLowPercentile = 33
    public var priceHighPercentile = 67
    public var budgetIndexAtMost = 0.67
    public var premiumIndexAtLeast = 1.33
    public var omnichannelMinShare = 0.25
    public var preferredStoreMinShare = 0.5
    public var morningStartsAt = 5
    public var afternoonStartsAt = 12
    public var eveningStartsAt = 17
    public var nightStartsAt = 22
    public var daypartMinShare = 0.4
    public var weekendMinShare = 0.5
    public var discountHighShare = 0.5
    public var discountMediumShare = 0.2
    public var defaultTimeZone = "Asia/Shanghai"

    public init() {}

    /// Refuses thresholds that would make the rules contradict themselves.
    public func validate() throws(PatronError) {
        guard (1...10).contains(maxCategories) else { throw .invalid(field: "maxCategories", message: "1 to 10 categories") }
        for (share, field) in [(categoryMinShare, "categoryMinShare"), (omnichannelMinShare, "omnichannelMinShare"),
                               (preferredStoreMinShare, "preferredStoreMinShare"), (daypartMinShare, "daypartMinShare"),
                               (weekendMinShare, "weekendMinShare"), (discountHighShare, "discountHighShare"),
                               (discountMediumShare, "discountMediumShare")] where !(0...1).contains(share) {
            throw .invalid(field: field, message: "a share is between 0 and 1")
        }
        guard 0 < priceLowPercentile, priceLowPercentile < priceHighPercentile, priceHighPercentile < 100 else {
            throw .invalid(field: "priceLowPercentile", message: "0 < low percentile < high percentile < 100")
        }
        guard budgetIndexAtMost < premiumIndexAtLeast else {
            throw .invalid(field: "budgetIndexAtMost", message: "the budget index must be below the premium index")
        }
        guard 0 <= morningStartsAt, morningStartsAt < afternoonStartsAt, afternoonStartsAt < eveningStartsAt,
              eveningStartsAt < nightStartsAt, nightStartsAt <= 24 else {
            throw .invalid(field: "morningStartsAt", message: "dayparts start in order: morning < afternoon < evening < night ≤ 24")
        }
        guard discountMediumShare <= discountHighShare else {
            throw .invalid(field: "discountMediumShare", message: "the medium share cannot exceed the high share")
        }
        guard TimeZone(identifier: defaultTimeZone) != nil else {
            throw .invalid(field: "defaultTimeZone", message: "'\(defaultTimeZone)' is not an IANA time zone")
        }
    }
}
