import Foundation

/// A customer's case to resolution: a complaint, an inquiry, a return or exchange, a repair, a suggestion. It
/// sits in a department's queue, optionally with one person, and moves through a fixed lifecycle (see
/// `Ticket.Status.next`). The description is personal text and is stored sealed; the subject is the short line
/// a queue shows.
public struct Ticket: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    /// The department queues; `administration` is a staff department but not a queue.
    public typealias Queue = StaffMember.Department

    public var id: ID
    public var kind: Kind
    public var priority: Priority
    public var channel: Interaction.Channel
    public var status: Status
    public var queue: Queue
    public var assigneeId: StaffMember.ID?
    public var customerId: Customer.ID?
    public var storeId: Store.ID?
    public var subject: String
    public var description: String
    /// Free short text a team sorts by ("物流", "尺码"); routing rules can match it.
    public var category: String?
    /// Required to resolve; kept when the ticket is closed, cleared on reopen.
    public var resolutionCode: ResolutionCode?
    public var orderId: Order.ID?
    public var interactionId: Interaction.ID?
    public var attachments: [Attachment]
    /// Set by SLA escalation: the ticket shows in its queue's supervisor view.
    public var escalated: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var firstRepliedAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    /// Counts writes, so two agents changing one ticket at once cannot overwrite each other.
    public var version: Int

    public init(id: ID = UUID(), kind: Kind, priority: Priority = .normal, channel: Interaction.Channel, status: Status = .new,
                queue: Queue = .customerService, assigneeId: StaffMember.ID? = nil, customerId: Customer.ID? = nil, storeId: Store.ID? = nil,
                subject: String, description: String, category: String? = nil, resolutionCode: ResolutionCode? = nil,
                orderId: Order.ID? = nil, interactionId: Interaction.ID? = nil, attachments: [Attachment] = [], escalated: Bool = false,
                createdAt: Date = Date(), updatedAt: Date? = nil, firstRepliedAt: Date? = nil, resolvedAt: Date? = nil,
                closedAt: Date? = nil, version: Int = 1) {
        self.id = id
        self.kind = kind
        self.priority = priority
        self.channel = channel
        self.status = status
        self.queue = queue
        self.assigneeId = assigneeId
        self.customerId = customerId
        self.storeId = storeId
        self.subject = subject
        self.description = description
        self.category = category
        self.resolutionCode = resolutionCode
        self.orderId = orderId
        self.interactionId = interactionId
        self.attachments = attachments
        self.escalated = escalated
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.firstRepliedAt = firstRepliedAt
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.version = version
    }

    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case complaint, inquiry
        case returnOrExchange = "return_or_exchange"
        case repair, suggestion
    }

    public enum Priority: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
        case low, normal, high, urgent

        var rank: Int { Self.allCases.firstIndex(of: self)! }

        public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }

        /// `steps` levels higher, at most urgent.
        public func raised(by steps: Int) -> Priority {
            Self.allCases[min(Self.allCases.count - 1, rank + max(0, min(steps, Self.allCases.count)))]
        }
    }

    public enum ResolutionCode: String, Hashable, Sendable, CaseIterable, Codable {
        case resolvedExplained = "resolved_explained"
        case refund, exchange, repair, goodwill
        case noFaultFound = "no_fault_found"
        case duplicate, other
    }

    /// A file kept elsewhere (a photo of the damage, a receipt scan), named and pointed at.
    public struct Attachment: Hashable, Sendable, Codable {
        public var name: String
        /// A URL or a document system's reference.
        public var reference: String

        public init(name: String, reference: String) {
            self.name = name
            self.reference = reference
        }
    }

    public static let queues: [Queue] = [.sales, .purchasing, .marketing, .customerService, .storeManagement]
    public static let subjectLimit = 200
    public static let descriptionLimit = 4_000
    public static let categoryLimit = 64
    public static let attachmentLimit = 10

    public var isOpen: Bool { status.isOpen }

    /// Checks what a person or an integration sends, naming the first wrong field.
    public func validate() throws(PatronError) {
        try Validate.text(subject, field: "subject", maxLength: Self.subjectLimit)
        if !description.isEmpty { try Validate.text(description, field: "description", maxLength: Self.descriptionLimit) }
        if let category { try Validate.text(category, field: "category", maxLength: Self.categoryLimit) }
        try Self.check(queue: queue, field: "queue")
        guard attachments.count <= Self.attachmentLimit else {
            throw .invalid(field: "attachments", message: "a ticket holds at most \(Self.attachmentLimit) attachments")
        }
        for (index, attachment) in attachments.enumerated() {
            try Validate.text(attachment.name, field: "attachments[\(index)].name", maxLength: 120)
            try Validate.text(attachment.reference, field: "attachments[\(index)].reference", maxLength: 500)
        }
    }

    public static func check(queue: Queue, field: String) throws(PatronError) {
        guard queues.contains(queue) else {
            throw .invalid(field: field, message: "\(queue.rawValue) is not a ticket queue; queues are \(queues.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// What listeners (the SLA clock, surveys) learn of a change.
    public func notice(_ change: TicketNotice.Change, previousStatus: Status? = nil, at: Date) -> TicketNotice {
        TicketNotice(ticketId: id, change: change, customerId: customerId, storeId: storeId, kind: kind.rawValue, channel: channel.rawValue,
                     priority: priority.rawValue, status: status.rawValue, previousStatus: previousStatus?.rawValue, queue: queue.rawValue,
                     assigneeId: assigneeId, at: at)
    }
}
