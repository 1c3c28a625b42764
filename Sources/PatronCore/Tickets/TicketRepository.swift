import Foundation

/// Persistence for tickets, their threads and histories, and the routing rules. Every write stores the
/// ticket's events and audit entry and publishes the `TicketNotice`s in one transaction; an update names the
/// version it read and is refused as a conflict when someone else wrote in between.
public protocol TicketRepository: Sendable {
    func find(_ id: Ticket.ID) async throws -> Ticket?
    /// Newest first.
    func list(_ filter: TicketFilter, page: PageRequest) async throws -> Page<Ticket>
    func insert(_ ticket: Ticket, events: [TicketEvent], notices: [TicketNotice], audit: AuditEvent) async throws
    /// Stores `ticket` (its `version` already advanced) if the stored version is still `ticket.version - 1`.
    func update(_ ticket: Ticket, message: TicketMessage?, events: [TicketEvent], notices: [TicketNotice], audit: AuditEvent) async throws
    /// Oldest first.
    func messages(of ticket: Ticket.ID) async throws -> [TicketMessage]
    /// Oldest first.
    func history(of ticket: Ticket.ID) async throws -> [TicketEvent]
    func routingRules() async throws -> [TicketRoutingRule]
    func saveRoutingRules(_ rules: [TicketRoutingRule], audit: AuditEvent) async throws
    /// How many priority levels the customer's current membership tier adds (its `servicePriority` benefit).
    func tierBoost(of customer: Customer.ID) async throws -> Int
}

/// What a queue view asks for; all given criteria must match.
public struct TicketFilter: Sendable, Equatable {
    public var queue: Ticket.Queue?
    /// Empty means every status.
    public var statuses: Set<Ticket.Status>
    public var storeId: Store.ID?
    public var assigneeId: StaffMember.ID?
    public var customerId: Customer.ID?
    public var escalatedOnly: Bool

    public init(queue: Ticket.Queue? = nil, statuses: Set<Ticket.Status> = [], storeId: Store.ID? = nil, assigneeId: StaffMember.ID? = nil,
                customerId: Customer.ID? = nil, escalatedOnly: Bool = false) {
        self.queue = queue
        self.statuses = statuses
        self.storeId = storeId
        self.assigneeId = assigneeId
        self.customerId = customerId
        self.escalatedOnly = escalatedOnly
    }

    public static let openStatuses: Set<Ticket.Status> = [.new, .assigned, .inProgress, .waitingOnCustomer]
}

/// What an opener sends; routing and the customer's tier decide the rest.
public struct TicketDraft: Sendable, Equatable {
    public var kind: Ticket.Kind
    public var priority: Ticket.Priority
    public var channel: Interaction.Channel
    public var customerId: Customer.ID?
    public var storeId: Store.ID?
    public var subject: String
    public var description: String
    public var category: String?
    public var orderId: Order.ID?
    public var interactionId: Interaction.ID?
    public var attachments: [Ticket.Attachment]
    /// Set only to bypass routing.
    public var queue: Ticket.Queue?
    public var assigneeId: StaffMember.ID?

    public init(kind: Ticket.Kind, priority: Ticket.Priority = .normal, channel: Interaction.Channel, customerId: Customer.ID? = nil,
                storeId: Store.ID? = nil, subject: String, description: String, category: String? = nil, orderId: Order.ID? = nil,
                interactionId: Interaction.ID? = nil, attachments: [Ticket.Attachment] = [], queue: Ticket.Queue? = nil,
                assigneeId: StaffMember.ID? = nil) {
        self.kind = kind
        self.priority = priority
        self.channel = channel
        self.customerId = customerId
        self.storeId = storeId
        self.subject = subject
        self.description = description
        self.category = category
        self.orderId = orderId
        self.interactionId = interactionId
        self.attachments = attachments
        self.queue = queue
        self.assigneeId = assigneeId
    }
}

/// A partial edit of a ticket's handling fields; nil leaves a field as it is.
public struct TicketChange: Sendable, Equatable {
    public var priority: Ticket.Priority?
    /// An empty string clears the category.
    public var category: String?
    public var queue: Ticket.Queue?
    public var assigneeId: StaffMember.ID?
    /// Removes the assignee (wins over `assigneeId`).
    public var unassign: Bool

    public init(priority: Ticket.Priority? = nil, category: String? = nil, queue: Ticket.Queue? = nil, assigneeId: StaffMember.ID? = nil,
                unassign: Bool = false) {
        self.priority = priority
        self.category = category
        self.queue = queue
        self.assigneeId = assigneeId
        self.unassign = unassign
    }
}
