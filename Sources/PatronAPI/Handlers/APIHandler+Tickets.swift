import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listTickets(_ input: Operations.ListTickets.Input) async throws -> Operations.ListTickets.Output {
        let q = input.query
        var statuses: Set<Ticket.Status> = []
        if let status = q.status {
            statuses = status.rawValue == "open" ? TicketFilter.openStatuses : Set([Ticket.Status(rawValue: status.rawValue)].compactMap { $0 })
        }
        let filter = TicketFilter(queue: q.queue.flatMap { Ticket.Queue(rawValue: $0.rawValue) }, statuses: statuses,
                                  storeId: try q.storeId.map { try uuid($0, field: "storeId") },
                                  assigneeId: try q.assigneeId.map { try uuid($0, field: "assigneeId") },
                                  customerId: try q.customerId.map { try uuid($0, field: "customerId") }, escalatedOnly: q.escalated ?? false)
        let page = try await services.tickets.list(filter, page: PageRequest(cursor: q.cursor, limit: q.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Ticket.init), nextCursor: page.nextCursor))))
    }

    func openTicket(_ input: Operations.OpenTicket.Input) async throws -> Operations.OpenTicket.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let draft = TicketDraft(kind: Ticket.Kind(rawValue: body.kind.rawValue) ?? .inquiry,
                                priority: body.priority.flatMap { Ticket.Priority(rawValue: $0.rawValue) } ?? .normal,
                                channel: Interaction.Channel(rawValue: body.channel.rawValue) ?? .store,
                                customerId: try body.customerId.map { try uuid($0, field: "customerId") },
                                storeId: try body.storeId.map { try uuid($0, field: "storeId") },
                                subject: body.subject, description: body.description ?? "", category: body.category,
                                orderId: try body.orderId.map { try uuid($0, field: "orderId") },
                                interactionId: try body.interactionId.map { try uuid($0, field: "interactionId") },
                                attachments: (body.attachments ?? []).map { Ticket.Attachment(name: $0.name, reference: $0.reference) },
                                queue: body.queue.flatMap { Ticket.Queue(rawValue: $0.rawValue) },
                                assigneeId: try body.assigneeId.map { try uuid($0, field: "assigneeId") })
        return .created(.init(body: .json(.init(try await services.tickets.open(draft, by: caller, requestId: requestId)))))
    }

    func getTicket(_ input: Operations.GetTicket.Input) async throws -> Operations.GetTicket.Output {
        .ok(.init(body: .json(.init(try await services.tickets.find(uuid(input.path.ticketId, field: "ticketId"), by: caller)))))
    }

    func updateTicket(_ input: Operations.UpdateTicket.Input) async throws -> Operations.UpdateTicket.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let change = TicketChange(priority: body.priority.flatMap { Ticket.Priority(rawValue: $0.rawValue) }, category: body.category,
                                  queue: body.queue.flatMap { Ticket.Queue(rawValue: $0.rawValue) },
                                  assigneeId: try body.assigneeId.map { try uuid($0, field: "assigneeId") }, unassign: body.unassign ?? false)
        let ticket = try await services.tickets.update(uuid(input.path.ticketId, field: "ticketId"), change, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(ticket))))
    }

    func listTicketMessages(_ input: Operations.ListTicketMessages.Input) async throws -> Operations.ListTicketMessages.Output {
        let messages = try await services.tickets.messages(of: uuid(input.path.ticketId, field: "ticketId"), by: caller)
        return .ok(.init(body: .json(.init(items: messages.map(Components.Schemas.TicketMessage.init), nextCursor: nil))))
    }

    func createTicketMessage(_ input: Operations.CreateTicketMessage.Input) async throws -> Operations.CreateTicketMessage.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let id = try uuid(input.path.ticketId, field: "ticketId")
        let message = switch body.kind {
        case .reply: try await services.tickets.reply(to: id, body: body.body, by: caller, requestId: requestId)
        case .note: try await services.tickets.note(on: id, body: body.body, by: caller, requestId: requestId)
        }
        return .created(.init(body: .json(.init(message))))
    }

    func transitionTicket(_ input: Operations.TransitionTicket.Input) async throws -> Operations.TransitionTicket.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let ticket = try await services.tickets.transition(uuid(input.path.ticketId, field: "ticketId"),
                                                           to: Ticket.Status(rawValue: body.status.rawValue) ?? .inProgress,
                                                           resolution: body.resolutionCode.flatMap { Ticket.ResolutionCode(rawValue: $0.rawValue) },
                                                           by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(ticket))))
    }

    func getTicketRoutingRules(_ input: Operations.GetTicketRoutingRules.Input) async throws -> Operations.GetTicketRoutingRules.Output {
        .ok(.init(body: .json(.init(rules: try await services.tickets.routingRules(by: caller).map(Components.Schemas.TicketRoutingRule.init)))))
    }

    func replaceTicketRoutingRules(_ input: Operations.ReplaceTicketRoutingRules.Input) async throws -> Operations.ReplaceTicketRoutingRules.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        var rules: [TicketRoutingRule] = []
        for (index, rule) in body.rules.enumerated() {
            rules.append(TicketRoutingRule(kind: rule.kind.flatMap { Ticket.Kind(rawValue: $0.rawValue) }, category: rule.category,
                                           channel: rule.channel.flatMap { Interaction.Channel(rawValue: $0.rawValue) },
                                           storeId: try rule.storeId.map { try uuid($0, field: "rules[\(index)].storeId") },
                                           queue: Ticket.Queue(rawValue: rule.queue.rawValue) ?? .customerService,
                                           assigneeId: try rule.assigneeId.map { try uuid($0, field: "rules[\(index)].assigneeId") }))
        }
        let saved = try await services.tickets.saveRoutingRules(rules, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(rules: saved.map(Components.Schemas.TicketRoutingRule.init)))))
    }
}

extension Components.Schemas.Ticket {
    init(_ t: Ticket) {
        self.init(id: t.id.apiString, kind: .init(rawValue: t.kind.rawValue) ?? .inquiry, priority: .init(rawValue: t.priority.rawValue) ?? .normal,
                  channel: .init(rawValue: t.channel.rawValue) ?? .store, status: .init(rawValue: t.status.rawValue) ?? .new,
                  queue: .init(rawValue: t.queue.rawValue) ?? .customerService, assigneeId: t.assigneeId?.apiString,
                  customerId: t.customerId?.apiString, storeId: t.storeId?.apiString, subject: t.subject, description: t.description,
                  category: t.category, resolutionCode: t.resolutionCode.flatMap { .init(rawValue: $0.rawValue) }, orderId: t.orderId?.apiString,
                  interactionId: t.interactionId?.apiString, attachments: t.attachments.map { .init(name: $0.name, reference: $0.reference) },
                  escalated: t.escalated, createdAt: t.createdAt, updatedAt: t.updatedAt, firstRepliedAt: t.firstRepliedAt,
                  resolvedAt: t.resolvedAt, closedAt: t.closedAt, version: t.version)
    }
}

extension Components.Schemas.TicketMessage {
    init(_ m: TicketMessage) {
        self.init(id: m.id.apiString, kind: .init(rawValue: m.kind.rawValue) ?? .note, body: m.body,
                  authorKind: .init(rawValue: m.author.kind.rawValue) ?? .system, authorName: m.author.name, at: m.at,
                  delivery: m.delivery.flatMap { .init(rawValue: $0.outcome.rawValue) },
                  deliveryChannel: m.delivery?.channel.flatMap { .init(rawValue: $0.rawValue) })
    }
}

extension Components.Schemas.TicketRoutingRule {
    init(_ r: TicketRoutingRule) {
        self.init(kind: r.kind.flatMap { .init(rawValue: $0.rawValue) }, category: r.category, channel: r.channel.flatMap { .init(rawValue: $0.rawValue) },
                  storeId: r.storeId?.apiString, queue: .init(rawValue: r.queue.rawValue) ?? .customerService, assigneeId: r.assigneeId?.apiString)
    }
}
