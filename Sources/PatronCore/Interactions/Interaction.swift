import Foundation

/// One contact between the chain and a person, on any channel: a store visit, a hotline call, a WeChat message,
/// an e-mail. It belongs to a customer, or — when the integration only knows a mobile number or a WeChat openid —
/// to that contact until a profile with the same identifier exists, when storage links it. The body is personal
/// text and is stored sealed; the subject is a short line staff write and the timeline shows.
public struct Interaction: Hashable, Sendable, Identifiable {
    public typealias ID = UUID

    public var id: ID
    public var channel: Channel
    public var direction: Direction
    public var kind: Kind
    public var subject: String
    public var body: String?
    public var staffId: StaffMember.ID?
    public var storeId: Store.ID?
    public var customerId: Customer.ID?
    /// The identifier an unidentified contact came with; kept after linking so a later merge or erase can
    /// follow it.
    public var contact: Contact?
    public var occurredAt: Date
    public var ticketId: UUID?
    /// The integration's own id; one per channel, so a retried ingest answers the stored interaction.
    public var externalId: String?
    public var recordedAt: Date

    public init(id: ID = UUID(), channel: Channel, direction: Direction, kind: Kind, subject: String, body: String? = nil,
                staffId: StaffMember.ID? = nil, storeId: Store.ID? = nil, customerId: Customer.ID? = nil, contact: Contact? = nil,
                occurredAt: Date, ticketId: UUID? = nil, externalId: String? = nil, recordedAt: Date = Date()) {
        self.id = id
        self.channel = channel
        self.direction = direction
        self.kind = kind
        self.subject = subject
        self.body = body
        self.staffId = staffId
        self.storeId = storeId
        self.customerId = customerId
        self.contact = contact
        self.occurredAt = occurredAt
        self.ticketId = ticketId
        self.externalId = externalId
        self.recordedAt = recordedAt
    }

    /// Where contact happens. Tickets use the same list.
    public enum Channel: String, Hashable, Sendable, CaseIterable, Codable {
        case store, website, app, wechat, hotline, social, email, sms
    }

    public enum Direction: String, Hashable, Sendable, CaseIterable, Codable {
        case inbound, outbound
    }

    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case inquiry, complaint, feedback, visit
        case followUp = "follow_up"
        case campaignResponse = "campaign_response"
    }

    /// How an integration names a person it cannot name by customer id.
    public enum Contact: Hashable, Sendable {
        case mobile(MobileNumber)
        case wechatOpenId(String)

        public var kind: String {
            switch self {
            case .mobile: "mobile"
            case .wechatOpenId: "wechat_openid"
            }
        }

        /// The normalised value that is sealed and blind-indexed.
        public var value: String {
            switch self {
            case .mobile(let mobile): mobile.e164
            case .wechatOpenId(let id): id
            }
        }

        public init(kind: String, value: String) throws(PatronError) {
            switch kind {
            case "mobile": self = .mobile(try MobileNumber(value))
            case "wechat_openid":
                try Self.checkOpenId(value, field: "contact.wechatOpenId")
                self = .wechatOpenId(value)
            default: throw .invalid(field: "contact", message: "a contact is a mobile number or a WeChat openid")
            }
        }

        static func checkOpenId(_ value: String, field: String) throws(PatronError) {
            try Validate.text(value, field: field, maxLength: 64)
            guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else {
                throw .invalid(field: field, message: "\(field) may contain only ASCII letters, digits, '-' and '_'")
            }
        }
    }

    public static let subjectLimit = 200
    public static let bodyLimit = 4_000
    public static let externalIdLimit = 128

    /// Checks what a person or an integration sends, naming the first wrong field.
    public func validate(now: Date = Date()) throws(PatronError) {
        try Validate.text(subject, field: "subject", maxLength: Self.subjectLimit)
        if let body { try Validate.text(body, field: "body", maxLength: Self.bodyLimit) }
        if case .wechatOpenId(let id) = contact { try Contact.checkOpenId(id, field: "contact.wechatOpenId") }
        if let externalId {
            try Validate.text(externalId, field: "externalId", maxLength: Self.externalIdLimit)
            guard externalId.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
                throw .invalid(field: "externalId", message: "externalId holds printable ASCII without spaces")
            }
        }
        guard occurredAt <= now.addingTimeInterval(300) else {
            throw .invalid(field: "occurredAt", message: "occurredAt is in the future; check the sender's clock")
        }
        guard occurredAt >= Date(timeIntervalSince1970: 946_684_800) else {
            throw .invalid(field: "occurredAt", message: "occurredAt before 2000 is not plausible")
        }
    }
}
