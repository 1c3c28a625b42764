extension Ticket {
    /// The lifecycle. Moves not in `next` are refused with a conflict, so a ticket cannot skip resolution or be
    /// resolved twice.
    public enum Status: String, Hashable, Sendable, CaseIterable, Codable {
        case new, assigned
        case inProgress = "in_progress"
        case waitingOnCustomer = "waiting_on_customer"
        case resolved, closed

        /// Where a ticket may go from here. Resolved or closed back to in progress is a reopen.
        public var next: [Status] {
            switch self {
            case .new: [.assigned, .inProgress, .waitingOnCustomer, .resolved]
            case .assigned: [.inProgress, .waitingOnCustomer, .resolved]
            case .inProgress: [.waitingOnCustomer, .resolved]
            case .waitingOnCustomer: [.inProgress, .resolved]
            case .resolved: [.closed, .inProgress]
            case .closed: [.inProgress]
            }
        }

        public func canMove(to status: Status) -> Bool { next.contains(status) }

        /// Still being worked on: not resolved and not closed.
        public var isOpen: Bool { self != .resolved && self != .closed }
    }
}
