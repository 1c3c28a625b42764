import Foundation

/// Handling tickets: opening (routed by the rules, raised by the customer's tier), reading the queues, and
/// every change to one ticket. `tickets.read` to see, `tickets.handle` to open, reply, note, move and assign,
/// `tickets.supervise` to move a ticket to another queue and to edit the routing rules; store-scoped staff
/// see and act only on their store's tickets, and a ticket of no store needs the permission chain-wide.
public struct TicketService: Sendable {
    let tickets: any TicketRepository
    let stores: any StoreRepository
    let customers: any CustomerRepository
    let staff: any StaffRepository
    let orders: any OrderRepository
    let interactions: any InteractionRepository
    let gateway: any MessageGateway

    public init(tickets: any TicketRepository, stores: any StoreRepository, customers: any CustomerRepository, staff: any StaffRepository,
                orders: any OrderRepository, interactions: any InteractionRepository, gateway: any MessageGateway) {
        self.tickets = tickets
        self.stores = stores
        self.customers = customers
        self.staff = staff
        self.orders = orders
        self.interactions = interactions
        self.gateway = gateway
    }

    public func open(_ draft: TicketDraft, by caller: Caller, requestId: String?) async throws -> Ticket {
        try caller.require(.ticketsHandle, forRecordOf: draft.storeId)
        let now = Date().atStoragePrecision
        let ticket = Ticket(kind: draft.kind, priority: draft.priority, channel: draft.channel, queue: draft.queue ?? TicketRouting.defaultQueue,
                            assigneeId: draft.assigneeId, customerId: draft.customerId, storeId: draft.storeId, subject: draft.subject,
                            description: draft.description, category: draft.category?.nilIfBlank, orderId: draft.orderId,
                            interactionId: draft.interactionId, attachments: draft.attachments, createdAt: now)
        try ticket.validate()
        try await checkReferences(ticket)
        var boost = 0
        if let customer = ticket.customerId { boost = try await tickets.tierBoost(of: customer) }
        let opened = TicketRouting.prepare(ticket, explicitQueue: draft.queue != nil, rules: try await tickets.routingRules(), tierBoost: boost)
        var events = [TicketEvent(ticketId: opened.id, at: now, actor: caller.actor, action: .opened, to: opened.queue.rawValue)]
        if let assignee = opened.assigneeId {
            events.append(TicketEvent(ticketId: opened.id, at: now, actor: caller.actor, action: .assigned, to: assignee.uuidString.lowercased()))
        }
        try await tickets.insert(opened, events: events, notices: [opened.notice(.opened, at: now)],
                                 audit: event("ticket.opened", opened, caller, requestId, details: ["queue": opened.queue.rawValue]))
        return opened
    }

    public func find(_ id: Ticket.ID, by caller: Caller) async throws -> Ticket {
        try await load(id, .ticketsRead, by: caller)
    }

    /// Newest first. A store-scoped caller sees only the home store's tickets, whatever the filter asks.
    public func list(_ filter: TicketFilter, page: PageRequest, by caller: Caller) async throws -> Page<Ticket> {
        try caller.require(.ticketsRead)
        var filter = filter
        switch caller.grants.storeFilter(for: .ticketsRead) {
        case .all: break
        case .only(let home):
            if let asked = filter.storeId, asked != home {
                throw PatronError.forbidden(message: "this needs the permission tickets.read for that store")
            }
            filter.storeId = home
        case .none: throw PatronError.forbidden(message: "this needs the permission tickets.read")
        }
        return try await tickets.list(filter, page: page)
    }

    public func messages(of id: Ticket.ID, by caller: Caller) async throws -> [TicketMessage] {
        _ = try await load(id, .ticketsRead, by: caller)
        return try await tickets.messages(of: id)
    }

    public func history(of id: Ticket.ID, by caller: Caller) async throws -> [TicketEvent] {
        _ = try await load(id, .ticketsRead, by: caller)
        return try await tickets.history(of: id)
    }

    /// A reply to the customer: sent through the gateway on the ticket's channel when the customer consents to
    /// it and has an address there, and kept in the thread either way with what became of it.
    /// Once the gateway has taken the message the customer has it, so a concurrent change to the ticket must
    /// not lose it from the thread: the write is retried on the ticket as it now stands.
    public func reply(to id: Ticket.ID, body: String, by caller: Caller, requestId: String?) async throws -> TicketMessage {
        var ticket = try await load(id, .ticketsHandle, by: caller)
        try Validate.text(body, field: "body", maxLength: TicketMessage.bodyLimit)
        guard ticket.status != .closed else { throw PatronError.conflict(field: "status", message: "a closed ticket takes no replies; reopen it first") }
        let now = Date().atStoragePrecision
        let message = TicketMessage(ticketId: id, kind: .reply, body: body, author: caller.actor, at: now,
                                    delivery: await deliver(body, for: ticket))
        for attempt in 1...Self.replyWriteAttempts {
            ticket.firstRepliedAt = ticket.firstRepliedAt ?? now
            advance(&ticket, at: now)
            do {
                try await tickets.update(ticket, message: message,
                                         events: [TicketEvent(ticketId: id, at: now, actor: caller.actor, action: .replied, to: message.delivery?.outcome.rawValue)],
                                         notices: [ticket.notice(.replied, at: now)],
                                         audit: event("ticket.replied", ticket, caller, requestId, details: ["delivery": message.delivery?.outcome.rawValue ?? ""]))
                return message
            } catch PatronError.conflict(field: "version", _) where attempt < Self.replyWriteAttempts {
                ticket = try await load(id, .ticketsHandle, by: caller)
            }
        }
        return message
    }

    static let replyWriteAttempts = 10

    /// An internal note: staff see it, the customer never does, and no SLA clock moves.
    public func note(on id: Ticket.ID, body: String, by caller: Caller, requestId: String?) async throws -> TicketMessage {
        var ticket = try await load(id, .ticketsHandle, by: caller)
        try Validate.text(body, field: "body", maxLength: TicketMessage.bodyLimit)
        let now = Date().atStoragePrecision
        let message = TicketMessage(ticketId: id, kind: .note, body: body, author: caller.actor, at: now)
        advance(&ticket, at: now)
        try await tickets.update(ticket, message: message, events: [TicketEvent(ticketId: id, at: now, actor: caller.actor, action: .noted)],
                                 notices: [], audit: event("ticket.noted", ticket, caller, requestId))
        return message
    }

    /// Moves the ticket along its lifecycle. Resolving needs a resolution code; resolved or closed back to in
    /// progress reopens it.
    public func transition(_ id: Ticket.ID, to status: Ticket.Status, resolution: Ticket.ResolutionCode?, by caller: Caller,
                           requestId: String?) async throws -> Ticket {
        var ticket = try await load(id, .ticketsHandle, by: caller)
        let previous = ticket.status
        guard previous.canMove(to: status) else {
            throw PatronError.conflict(field: "status", message: "a ticket cannot move from \(previous.rawValue) to \(status.rawValue); from \(previous.rawValue) it can move to \(previous.next.map(\.rawValue).joined(separator: ", "))")
        }
        if status == .resolved && resolution == nil {
            throw PatronError.invalid(field: "resolutionCode", message: "resolving a ticket needs a resolution code")
        }
        if status != .resolved && resolution != nil {
            throw PatronError.invalid(field: "resolutionCode", message: "a resolution code is given only when resolving")
        }
        if status == .assigned && ticket.assigneeId == nil {
            throw PatronError.invalid(field: "status", message: "assign the ticket to someone first")
        }
        let now = Date().atStoragePrecision
        var events = [TicketEvent(ticketId: id, at: now, actor: caller.actor, action: .statusChanged, from: previous.rawValue, to: status.rawValue)]
        switch status {
        case .resolved:
            ticket.resolutionCode = resolution
            ticket.resolvedAt = now
        case .closed:
            ticket.closedAt = now
        case .inProgress where !previous.isOpen:
            ticket.resolutionCode = nil
            ticket.resolvedAt = nil
            ticket.closedAt = nil
            events.append(TicketEvent(ticketId: id, at: now, actor: caller.actor, action: .reopened))
        default:
            break
        }
        ticket.status = status
        advance(&ticket, at: now)
        try await tickets.update(ticket, message: nil, events: events, notices: [ticket.notice(.statusChanged, previousStatus: previous, at: now)],
                                 audit: event("ticket.status_changed", ticket, caller, requestId,
                                              details: ["from": previous.rawValue, "to": status.rawValue, "resolution": resolution?.rawValue ?? ""]))
        return ticket
    }

    /// Resolved or closed back to in progress; any other status is a conflict.
    public func reopen(_ id: Ticket.ID, by caller: Caller, requestId: String?) async throws -> Ticket {
        let ticket = try await load(id, .ticketsHandle, by: caller)
        guard !ticket.isOpen else { throw PatronError.conflict(field: "status", message: "only a resolved or closed ticket can be reopened") }
        return try await transition(id, to: .inProgress, resolution: nil, by: caller, requestId: requestId)
    }

    /// Gives the ticket to a person (nil: back to the queue). A new ticket becomes assigned.
    public func assign(_ id: Ticket.ID, to assignee: StaffMember.ID?, by caller: Caller, requestId: String?) async throws -> Ticket {
        try await update(id, TicketChange(assigneeId: assignee, unassign: assignee == nil), by: caller, requestId: requestId)
    }

    /// Changes priority, category, queue or assignee. Moving to another queue needs `tickets.supervise`.
    public func update(_ id: Ticket.ID, _ change: TicketChange, by caller: Caller, requestId: String?) async throws -> Ticket {
        var ticket = try await load(id, .ticketsHandle, by: caller)
        let before = ticket
        let now = Date().atStoragePrecision
        var events: [TicketEvent] = []
        var notices: [TicketNotice] = []
        func record(_ action: TicketEvent.Action, _ from: String?, _ to: String?) {
            events.append(TicketEvent(ticketId: id, at: now, actor: caller.actor, action: action, from: from, to: to))
        }
        if let priority = change.priority, priority != ticket.priority {
            ticket.priority = priority
            record(.priorityChanged, before.priority.rawValue, priority.rawValue)
            notices.append(ticket.notice(.priorityChanged, at: now))
        }
        if let category = change.category, category.nilIfBlank != ticket.category {
            ticket.category = category.nilIfBlank
            try ticket.validate()
            record(.categoryChanged, before.category, ticket.category)
        }
        if let queue = change.queue, queue != ticket.queue {
            try caller.require(.ticketsSupervise, forRecordOf: ticket.storeId)
            try Ticket.check(queue: queue, field: "queue")
            ticket.queue = queue
            record(.queueChanged, before.queue.rawValue, queue.rawValue)
        }
        let assignee = change.unassign ? nil : (change.assigneeId ?? ticket.assigneeId)
        if assignee != ticket.assigneeId {
            if let assignee {
                guard let member = try await staff.find(assignee), member.isActive else {
                    throw PatronError.invalid(field: "assigneeId", message: "there is no active staff member \(assignee.uuidString.lowercased())")
                }
            }
            ticket.assigneeId = assignee
            record(.assigned, before.assigneeId?.uuidString.lowercased(), assignee?.uuidString.lowercased())
            if assignee != nil && ticket.status == .new {
                ticket.status = .assigned
                record(.statusChanged, Ticket.Status.new.rawValue, Ticket.Status.assigned.rawValue)
                notices.append(ticket.notice(.statusChanged, previousStatus: .new, at: now))
            }
        }
        if ticket.queue != before.queue || ticket.assigneeId != before.assigneeId { notices.append(ticket.notice(.assigned, at: now)) }
        guard !events.isEmpty else { return ticket }
        advance(&ticket, at: now)
        try await tickets.update(ticket, message: nil, events: events, notices: notices,
                                 audit: event("ticket.updated", ticket, caller, requestId,
                                              details: Dictionary(events.map { ($0.action.rawValue, $0.to ?? "") }) { _, last in last }))
        return ticket
    }

    /// SLA escalation: one priority level up, marked for the queue's supervisor view, recorded in the history.
    public func escalate(_ id: Ticket.ID, reason: String, by caller: Caller, requestId: String?) async throws -> Ticket {
        var ticket = try await load(id, .ticketsSupervise, by: caller)
        guard ticket.isOpen else { return ticket }
        let now = Date().atStoragePrecision
        let previous = ticket.priority
        ticket.priority = previous.raised(by: 1)
        ticket.escalated = true
        advance(&ticket, at: now)
        var notices: [TicketNotice] = []
        if ticket.priority != previous { notices.append(ticket.notice(.priorityChanged, at: now)) }
        try await tickets.update(ticket, message: nil,
                                 events: [TicketEvent(ticketId: id, at: now, actor: caller.actor, action: .escalated, from: previous.rawValue,
                                                      to: String(reason.prefix(64)))],
                                 notices: notices,
                                 audit: event("ticket.escalated", ticket, caller, requestId, details: ["reason": String(reason.prefix(64))]))
        return ticket
    }

    public func routingRules(by caller: Caller) async throws -> [TicketRoutingRule] {
        try caller.require(.ticketsRead)
        return try await tickets.routingRules()
    }

    /// Replaces the whole list; first match by position wins.
    public func saveRoutingRules(_ rules: [TicketRoutingRule], by caller: Caller, requestId: String?) async throws -> [TicketRoutingRule] {
        try caller.require(.ticketsSupervise, forRecordOf: nil)
        try TicketRouting.validate(rules)
        for (index, rule) in rules.enumerated() {
            if let store = rule.storeId, try await stores.find(store) == nil {
                throw PatronError.invalid(field: "rules[\(index)].storeId", message: "there is no store \(store.uuidString.lowercased())")
            }
            if let member = rule.assigneeId, try await staff.find(member) == nil {
                throw PatronError.invalid(field: "rules[\(index)].assigneeId", message: "there is no staff member \(member.uuidString.lowercased())")
            }
        }
        let rules = rules.map { rule in
            var rule = rule
            rule.category = rule.category?.nilIfBlank
            return rule
        }
        try await tickets.saveRoutingRules(rules, audit: AuditEvent(actor: caller.actor, action: "ticket_routing.saved", resourceType: "ticket_routing",
                                                                    requestId: requestId, details: ["rules": String(rules.count)]))
        return rules
    }

    // MARK: - Helpers

    private func load(_ id: Ticket.ID, _ permission: Permission, by caller: Caller) async throws -> Ticket {
        try caller.require(permission)
        guard let ticket = try await tickets.find(id) else { throw PatronError.notFound(resource: "ticket", id: id.uuidString.lowercased()) }
        try caller.require(permission, forRecordOf: ticket.storeId)
        return ticket
    }

    private func advance(_ ticket: inout Ticket, at now: Date) {
        ticket.updatedAt = now
        ticket.version += 1
    }

    private func checkReferences(_ ticket: Ticket) async throws {
        if let store = ticket.storeId, try await stores.find(store) == nil {
            throw PatronError.invalid(field: "storeId", message: "there is no store \(store.uuidString.lowercased())")
        }
        if let customer = ticket.customerId {
            guard case .live = try await customers.status(customer) else {
                throw PatronError.invalid(field: "customerId", message: "there is no live customer \(customer.uuidString.lowercased())")
            }
        }
        if let order = ticket.orderId, try await orders.find(order) == nil {
            throw PatronError.invalid(field: "orderId", message: "there is no order \(order.uuidString.lowercased())")
        }
        if let interaction = ticket.interactionId, try await interactions.find(interaction) == nil {
            throw PatronError.invalid(field: "interactionId", message: "there is no interaction \(interaction.uuidString.lowercased())")
        }
        if let assignee = ticket.assigneeId {
            guard let member = try await staff.find(assignee), member.isActive else {
                throw PatronError.invalid(field: "assigneeId", message: "there is no active staff member \(assignee.uuidString.lowercased())")
            }
        }
    }

    /// Sends a reply on the channel that fits the ticket's (e-mail, WeChat, else SMS) when the customer
    /// consents to it and has an address there.
    private func deliver(_ body: String, for ticket: Ticket) async -> TicketMessage.Delivery {
        guard let id = ticket.customerId, let customer = try? await customers.live(id) else { return .init(outcome: .noCustomer) }
        let (channel, consent, address): (OutboundMessage.Channel, ConsentRecord.Channel, String?) = switch ticket.channel {
        case .email: (.email, .email, customer.email?.value)
        case .wechat: (.wechat, .wechat, customer.wechatOpenId)
        default: (.sms, .sms, customer.mobile?.e164)
        }
        guard let consents = try? await customers.consents(id), CustomerConsents(history: consents).current(for: consent)?.granted == true else {
            return .init(outcome: .noConsent, channel: channel)
        }
        guard let address else { return .init(outcome: .noAddress, channel: channel) }
        do {
            let receipt = try await gateway.send(OutboundMessage(channel: channel, purpose: .ticketReply, customerId: id, recipient: address,
                                                                 subject: ticket.subject, body: body, language: "zh-CN"))
            return .init(outcome: .sent, channel: channel, reference: receipt.reference)
        } catch {
            return .init(outcome: .failed, channel: channel)
        }
    }

    private func event(_ action: String, _ ticket: Ticket, _ caller: Caller, _ requestId: String?, details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "ticket", resourceId: ticket.id.uuidString.lowercased(), requestId: requestId,
                   details: details.merging(["status": ticket.status.rawValue, "queue": ticket.queue.rawValue]) { a, _ in a })
    }
}

extension String {
    /// Nil for an empty or blank string, trimmed otherwise.
    var nilIfBlank: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
