import Foundation

/// Permission to contact a customer on one channel. Every grant or withdrawal is a new record, so the
/// history proves what was allowed when; the latest record per channel is the current state, and a
/// withdrawal takes effect at once.
public struct ConsentRecord: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var customerId: Customer.ID
    public var channel: Channel
    public var granted: Bool
    public var recordedAt: Date
    /// How it was collected, e.g. `store_signup_form`, `wechat_mini_program`, `hotline`.
    public var source: String
    /// The staff member or integration that recorded it.
    public var recordedBy: String?

    public init(id: UUID = UUID(), customerId: Customer.ID, channel: Channel, granted: Bool, recordedAt: Date = Date(),
                source: String, recordedBy: String?) {
        self.id = id
        self.customerId = customerId
        self.channel = channel
        self.granted = granted
        self.recordedAt = recordedAt
        self.source = source
        self.recordedBy = recordedBy
    }

    public enum Channel: String, Hashable, Sendable, CaseIterable, Codable { case sms, email, wechat, phone }
}

/// One field changed on a profile. Values are stored masked, so the history itself leaks no personal data.
public struct CustomerChange: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var customerId: Customer.ID
    public var at: Date
    public var actor: AuditEvent.Actor
    /// Through which path the change came: `api`, `import`, `merge`, `consent`.
    public var channel: String
    public var field: String
    public var oldValue: String?
    public var newValue: String?

    public init(id: UUID = UUID(), customerId: Customer.ID, at: Date = Date(), actor: AuditEvent.Actor, channel: String,
                field: String, oldValue: String?, newValue: String?) {
        self.id = id
        self.customerId = customerId
        self.at = at
        self.actor = actor
        self.channel = channel
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// Search criteria; all given criteria must match. Exact identifiers are found through blind indexes.
public struct CustomerQuery: Sendable, Equatable {
    public var namePrefix: String?
    public var mobile: MobileNumber?
    public var mobileLastFour: String?
    public var email: EmailAddress?
    public var wechatUnionId: String?
    public var posMemberNumber: String?
    public var tag: String?
    public var storeId: Store.ID?
    /// A membership tier code.
    public var tier: String?
    /// Persona tags the customer must all carry, at most `maxPersonas`.
    public var personas: [PersonaTag]
    public static let maxPersonas = 5

    public init(namePrefix: String? = nil, mobile: MobileNumber? = nil, mobileLastFour: String? = nil, email: EmailAddress? = nil,
                wechatUnionId: String? = nil, posMemberNumber: String? = nil, tag: String? = nil, storeId: Store.ID? = nil,
                tier: String? = nil, personas: [PersonaTag] = []) {
        self.namePrefix = namePrefix
        self.mobile = mobile
        self.mobileLastFour = mobileLastFour
        self.email = email
        self.wechatUnionId = wechatUnionId
        self.posMemberNumber = posMemberNumber
        self.tag = tag
        self.storeId = storeId
        self.tier = tier
        self.personas = personas
    }
}

/// What a lookup by id finds: a live profile, a merged duplicate pointing at its survivor, or an erased one.
public enum CustomerLookup: Sendable, Equatable {
    case found(Customer)
    case merged(into: Customer.ID)
    case erased
    case missing
}

/// Whether a profile can take new records, without decrypting it: what order ingest needs per order.
public enum CustomerStatus: Sendable, Equatable {
    case live
    case merged(into: Customer.ID)
    case erased
    case missing
}
