import Foundation

/// A ticket was opened or changed. The SLA clock, survey triggers and escalation listen to it; `change` says
/// what moved so a listener need not diff the ticket.
public struct TicketNotice: Sendable, Equatable {
    public enum Change: String, Sendable, Equatable {
        case opened
        /// `status` is the new one, `previousStatus` the old.
        case statusChanged = "status_changed"
        /// A reply to the customer (not an internal note): the first one stops the first-response clock.
        case replied
        /// The customer wrote again (an interaction linked to the ticket): starts the next-response clock.
        case customerMessage = "customer_message"
        case assigned
        case priorityChanged = "priority_changed"
    }

    public var ticketId: UUID
    public var change: Change
    public var customerId: Customer.ID?
    public var storeId: Store.ID?
    /// Raw values of the ticket's own enums, so listeners need not import the ticket module's types.
    public var kind: String
    public var channel: String
    public var priority: String
    public var status: String
    public var previousStatus: String?
    /// The department queue (`sales`, `purchasing`, `marketing`, `customer_service`, `store_management`) and
    /// the person, when assigned.
    public var queue: String?
    public var assigneeId: UUID?
    public var at: Date

    public init(ticketId: UUID, change: Change, customerId: Customer.ID?, storeId: Store.ID?, kind: String, channel: String,
                priority: String, status: String, previousStatus: String? = nil, queue: String? = nil, assigneeId: UUID? = nil, at: Date) {
        self.ticketId = ticketId
        self.change = change
        self.customerId = customerId
        self.storeId = storeId
        self.kind = kind
        self.channel = channel
        self.priority = priority
        self.status = status
        self.previousStatus = previousStatus
        self.queue = queue
        self.assigneeId = assigneeId
        self.at = at
    }
}
