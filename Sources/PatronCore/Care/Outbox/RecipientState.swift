import Foundation

/// What the policy needs to know about the recipient, resolved by the caller so that the decision stays pure.
public struct RecipientState: Sendable, Equatable {
    public var isErased: Bool
    /// The surviving profile when this one was merged away.
    public var mergedInto: Customer.ID?
    /// Whether the profile holds an address (mobile, e-mail, openid, device) for the candidate's channel.
    public var hasAddress: Bool
    /// The customer's own zone, when known.
    public var timeZone: TimeZone?
    /// The zone of the customer's store, used when their own is unknown.
    public var storeTimeZone: TimeZone?
    /// The chain's zone, used when neither the customer's nor the store's is known.
    public var chainTimeZone: TimeZone

    public init(isErased: Bool = false, mergedInto: Customer.ID? = nil, hasAddress: Bool = true, timeZone: TimeZone? = nil,
                storeTimeZone: TimeZone? = nil, chainTimeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) {
        self.isErased = isErased
        self.mergedInto = mergedInto
        self.hasAddress = hasAddress
        self.timeZone = timeZone
        self.storeTimeZone = storeTimeZone
        self.chainTimeZone = chainTimeZone
    }

    /// The zone the customer lives their day in, as far as Patron can tell.
    public var effectiveTimeZone: TimeZone { timeZone ?? storeTimeZone ?? chainTimeZone }
}
