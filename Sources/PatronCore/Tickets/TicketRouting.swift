import Foundation

/// One routing rule: the criteria it sets must all match (an unset one matches anything); the first matching
/// rule by position names the queue and, optionally, the person. Supervisors edit the list as data.
public struct TicketRoutingRule: Hashable, Sendable {
    public var kind: Ticket.Kind?
    /// Compared case-insensitively.
    public var category: String?
    public var channel: Interaction.Channel?
    public var storeId: Store.ID?
    public var queue: Ticket.Queue
    public var assigneeId: StaffMember.ID?

    public init(kind: Ticket.Kind? = nil, category: String? = nil, channel: Interaction.Channel? = nil, storeId: Store.ID? = nil,
                queue: Ticket.Queue, assigneeId: StaffMember.ID? = nil) {
        self.kind = kind
        self.category = category
        self.channel = channel
        self.storeId = storeId
        self.queue = queue
        self.assigneeId = assigneeId
    }

    public static let limit = 100

    public func matches(_ ticket: Ticket) -> Bool {
        if let kind, kind != ticket.kind { return false }
        if let channel, channel != ticket.channel { return false }
        if let storeId, storeId != ticket.storeId { return false }
        if let category, category.lowercased() != ticket.category?.lowercased() { return false }
        return true
    }
}

public enum TicketRouting {
    /// The queue for tickets no rule matches.
    public static let defaultQueue: Ticket.Queue = .customerService

    /// The queue and person of the first matching rule, or the default queue and nobody.
    public static func route(_ ticket: Ticket, rules: [TicketRoutingRule]) -> (queue: Ticket.Queue, assigneeId: StaffMember.ID?) {
        guard let rule = rules.first(where: { $0.matches(ticket) }) else { return (defaultQueue, nil) }
        return (rule.queue, rule.assigneeId)
    }

    /// A newly opened ticket routed and with its priority raised by the customer's tier (the programme's
    /// `servicePriority` benefit); an explicit queue or assignee from the opener wins over the rules.
    public static func prepare(_ ticket: Ticket, explicitQueue: Bool, rules: [TicketRoutingRule], tierBoost: Int) -> Ticket {
        var ticket = ticket
        if !explicitQueue && ticket.assigneeId == nil {
            let routed = route(ticket, rules: rules)
            ticket.queue = routed.queue
            ticket.assigneeId = routed.assigneeId
        }
        ticket.priority = ticket.priority.raised(by: tierBoost)
        if ticket.assigneeId != nil && ticket.status == .new { ticket.status = .assigned }
        return ticket
    }

    public static func validate(_ rules: [TicketRoutingRule]) throws(PatronError) {
        guard rules.count <= TicketRoutingRule.limit else {
            throw .invalid(field: "rules", message: "at most \(TicketRoutingRule.limit) routing rules")
        }
        for (index, rule) in rules.enumerated() {
            try Ticket.check(queue: rule.queue, field: "rules[\(index)].queue")
            if let category = rule.category { try Validate.text(category, field: "rules[\(index)].category", maxLength: Ticket.categoryLimit) }
        }
    }
}
