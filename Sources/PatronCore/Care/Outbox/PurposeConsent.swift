import Foundation

/// A customer's grant or withdrawal of permission to be contacted for one purpose on one channel. Each change
/// is a new record carrying its proof — when, how, by whom and under which wording — because a regulator or the
/// customer may ask what they agreed to, and the answer must not depend on the current state alone.
public struct PurposeConsent: Hashable, Sendable, Identifiable {
    public let id: UUID
    public let customerId: Customer.ID
    public let purpose: MessagePurpose
    public let channel: OutboundMessage.Channel
    public let granted: Bool
    public let recordedAt: Date
    /// How it was collected, e.g. `store_signup_form`, `wechat_mini_program`, `hotline`, `api`.
    public let source: String
    /// The staff member or integration that recorded it; nil when the customer acted alone (a self-service form).
    public let recordedBy: String?
    /// The version of the wording the customer agreed to, so the exact text can be shown later. A grant without
    /// it proves nothing, so it is required for grants; a withdrawal may name the wording it withdraws from.
    public let textVersion: String?

    public static let sourceLength = 1...64
    public static let textVersionMaxLength = 32
    public static let recordedByMaxLength = 128

    public init(id: UUID = UUID(), customerId: Customer.ID, purpose: MessagePurpose, channel: OutboundMessage.Channel,
                granted: Bool, recordedAt: Date, source: String, recordedBy: String?, textVersion: String?) throws(PatronError) {
        guard Self.sourceLength.contains(source.count),
              source.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw .invalid(field: "source", message: "a consent source has 1–64 lower-case letters, digits or '_'")
        }
        if let textVersion {
            try Validate.text(textVersion, field: "textVersion", maxLength: Self.textVersionMaxLength)
        } else if granted {
            throw .invalid(field: "textVersion", message: "a grant must name the version of the wording the customer agreed to")
        }
        if let recordedBy {
            try Validate.text(recordedBy, field: "recordedBy", maxLength: Self.recordedByMaxLength)
        }
        self.id = id
        self.customerId = customerId
        self.purpose = purpose
        self.channel = channel
        self.granted = granted
        self.recordedAt = recordedAt
        self.source = source
        self.recordedBy = recordedBy
        self.textVersion = textVersion
    }
}

/// Where a customer stands for one purpose on one channel. Withdrawn and unknown are kept apart because the
/// rules differ: a transactional message may go to a customer who never answered, not to one who said no.
public enum ConsentState: Hashable, Sendable {
    case granted(PurposeConsent)
    case withdrawn(PurposeConsent)
    case unknown
}

/// One customer's consent records and the state they add up to. The latest record per purpose and channel is in
/// force, so a withdrawal takes effect at once and a re-grant restores permission, while the history keeps the
/// proof of every earlier state.
public struct PurposeConsents: Sendable, Equatable {
    public let customerId: Customer.ID
    /// This customer's records, newest first (ties as for `current`).
    public let history: [PurposeConsent]
    private let current: [Key: PurposeConsent]

    private struct Key: Hashable, Sendable {
        var purpose: MessagePurpose
        var channel: OutboundMessage.Channel
    }

    /// Records of other customers are ignored, so a caller's mix-up can never lend one customer another's consent.
    /// Two records at the same instant are ordered by id, so the outcome never depends on the order records arrive in.
    public init(customerId: Customer.ID, records: [PurposeConsent]) {
        self.customerId = customerId
        history = records.filter { $0.customerId == customerId }.sorted(by: Self.isNewer)
        var current: [Key: PurposeConsent] = [:]
        for record in history {
            let key = Key(purpose: record.purpose, channel: record.channel)
            if current[key] == nil { current[key] = record }
        }
        self.current = current
    }

    public func state(purpose: MessagePurpose, channel: OutboundMessage.Channel) -> ConsentState {
        guard let record = current[Key(purpose: purpose, channel: channel)] else { return .unknown }
        return record.granted ? .granted(record) : .withdrawn(record)
    }

    private static func isNewer(_ lhs: PurposeConsent, _ rhs: PurposeConsent) -> Bool {
        if lhs.recordedAt != rhs.recordedAt { return lhs.recordedAt > rhs.recordedAt }
        return lhs.id.uuidString > rhs.id.uuidString
    }
}
