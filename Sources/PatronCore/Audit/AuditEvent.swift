import Foundation

/// One line of the append-only audit log: who did what to which record, when, why and with what outcome.
/// Reads of unmasked personal data are logged as well as changes, as PIPL and GDPR expect.
public struct AuditEvent: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var at: Date
    public var actor: Actor
    /// A dotted verb such as `login.failed`, `staff.updated`, `customer.revealed`.
    public var action: String
    public var resourceType: String?
    public var resourceId: String?
    /// Names of the personal-data fields read or changed, never their values.
    public var fields: [String]
    /// The reason the actor stated, required for revealing personal data.
    public var purpose: String?
    public var outcome: Outcome
    public var requestId: String?
    /// Small, non-personal facts about the event (e.g. changed role names, lock duration).
    public var details: [String: String]

    public init(id: UUID = UUID(), at: Date = Date(), actor: Actor, action: String, resourceType: String? = nil,
                resourceId: String? = nil, fields: [String] = [], purpose: String? = nil, outcome: Outcome = .success,
                requestId: String? = nil, details: [String: String] = [:]) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.fields = fields
        self.purpose = purpose
        self.outcome = outcome
        self.requestId = requestId
        self.details = details
    }

    public struct Actor: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable, CaseIterable { case staff, apiKey = "api_key", system, anonymous }
        public var kind: Kind
        public var id: String?
        public var name: String?

        public init(kind: Kind, id: String?, name: String?) {
            self.kind = kind
            self.id = id
            self.name = name
        }
    }

    public enum Outcome: String, Hashable, Sendable, CaseIterable { case success, failure, denied }
}

/// What an auditor asks of the log.
public struct AuditFilter: Sendable, Equatable {
    public var actorId: String?
    public var action: String?
    public var resourceType: String?
    public var resourceId: String?
    public var from: Date?
    public var to: Date?
    public var outcome: AuditEvent.Outcome?

    public init(actorId: String? = nil, action: String? = nil, resourceType: String? = nil, resourceId: String? = nil,
                from: Date? = nil, to: Date? = nil, outcome: AuditEvent.Outcome? = nil) {
        self.actorId = actorId
        self.action = action
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.from = from
        self.to = to
        self.outcome = outcome
    }
}
