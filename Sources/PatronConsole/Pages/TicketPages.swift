import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The ticket queue per department and store with SLA countdowns, and one ticket with its thread, the reply
/// and note form and the lifecycle buttons. Every action goes through `TicketService`, which checks the
/// caller and the store.
extension Console {
    static let ticketListPageSize = 50

    func registerTicketPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("tickets") { request, _ in await self.serve(request) { try await self.ticketQueue($0) } }
        group.get("tickets/new") { request, _ in await self.serve(request) { try await self.newTicketForm($0) } }
        group.post("tickets") { request, _ in await self.serve(request) { try await self.postNewTicket($0) } }
        let routes: [OrderRoute] = [
            (.get, "tickets/:id", { try await self.ticketPage($0, id: $1) }),
            (.post, "tickets/:id/messages", { try await self.postTicketMessage($0, id: $1) }),
            (.post, "tickets/:id/transition", { try await self.postTicketTransition($0, id: $1) }),
            (.post, "tickets/:id/take", { try await self.takeTicket($0, id: $1) }),
        ]
        for route in routes {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                let id = context.parameters.get("id")
                return await self.serve(request) { try await route.handler($0, id) }
            }
        }
    }

    func ticketQueue(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.ticketsRead)
        let q = console.query
        var stores = await stores(console)
        if case .only(let home) = console.caller.grants.storeFilter(for: .ticketsRead) { stores = stores.filter { $0.id == home } }
        let storeNames = Dictionary(stores.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let queue = q["queue"].flatMap(Ticket.Queue.init(rawValue:)).flatMap { Ticket.queues.contains($0) ? $0 : nil }
        let statusChoice = q["status"] ?? "open"
        let statuses: Set<Ticket.Status> = statusChoice == "open" ? TicketFilter.openStatuses
            : Set([Ticket.Status(rawValue: statusChoice)].compactMap { $0 })
        let filter = TicketFilter(queue: queue, statuses: statuses, storeId: Self.id(q["store"]), escalatedOnly: q["escalated"] == "1")
        var rows: [[String: Any]] = []
        var next: String?
        var cursorError = false
        do {
            let page = try await services.tickets.list(filter, page: try PageRequest(cursor: q["cursor"], limit: Self.ticketListPageSize), by: console.caller)
            let slas = (try? await services.sla.states(of: page.items.map(\.id), by: console.caller)) ?? []
            let byTicket = Dictionary(slas.map { ($0.ticketId, $0) }, uniquingKeysWith: { first, _ in first })
            rows = page.items.map { ticketRow($0, sla: byTicket[$0.id], storeNames: storeNames, console) }
            next = page.nextCursor.map { Self.nextPageLink("/console/tickets", query: q, cursor: $0) }
        } catch PatronError.invalid(_, _) {
            cursorError = true
        }
        var data: [String: Any] = [
            "queues": Ticket.queues.map { ["value": $0.rawValue, "name": text("ticket_queue.\($0.rawValue)", console), "selected": $0 == queue] },
            "statuses": (["open"] + Ticket.Status.allCases.map(\.rawValue)).map {
                ["value": $0, "name": text("ticket_status.\($0)", console), "selected": $0 == statusChoice]
            },
            "stores": storeOptions(stores, selected: filter.storeId), "oneStore": stores.count == 1, "escalated": filter.escalatedOnly,
            "rows": rows, "hasRows": !rows.isEmpty, "empty": rows.isEmpty && !cursorError, "cursorError": cursorError,
            "canOpen": console.holds(.ticketsHandle),
        ]
        if let next { data["next"] = next }
        return page("tickets", titleKey: "tickets.title", data: data, console)
    }

    func ticketRow(_ ticket: Ticket, sla: TicketSLA?, storeNames: [Store.ID: String], _ console: ConsoleRequest) -> [String: Any] {
        var row: [String: Any] = [
            "id": ticket.id.uuidString.lowercased(), "subject": ticket.subject.isEmpty ? text("tickets.no_subject", console) : ticket.subject,
            "kind": text("ticket_kind.\(ticket.kind.rawValue)", console), "priority": text("ticket_priority.\(ticket.priority.rawValue)", console),
            "priorityClass": ticket.priority.rawValue, "status": text("ticket_status.\(ticket.status.rawValue)", console),
            "statusClass": ticket.status.rawValue, "queue": text("ticket_queue.\(ticket.queue.rawValue)", console),
            "store": ticket.storeId.map { storeNames[$0] ?? "" } ?? "", "opened": format.time(ticket.createdAt), "escalated": ticket.escalated,
        ]
        row["sla"] = slaCell(sla, console)
        return row
    }

    /// The most pressing target of a ticket: a breach first, else the running countdown due soonest (in business
    /// time left), else a paused clock, else met; coloured by how close or late it is.
    func slaCell(_ sla: TicketSLA?, _ console: ConsoleRequest) -> [String: Any] {
        guard let state = sla?.state else { return ["label": text("tickets.sla_none", console), "class": "none"] }
        let targets = [state.firstResponse, state.nextResponse, state.resolution].compactMap { $0 }
        func span(_ seconds: Int) -> String {
            let minutes = max(0, seconds) / 60
            return text("tickets.sla_span", console, ["hours": String(minutes / 60), "minutes": String(minutes % 60)])
        }
        if let breached = targets.first(where: { $0.status == .breached }) {
            return ["label": text("tickets.sla_overdue", console), "class": "breached", "due": format.time(breached.dueAt)]
        }
        if let running = targets.filter({ $0.status == .running }).min(by: { $0.remainingSeconds < $1.remainingSeconds }) {
            return ["label": text("tickets.sla_left", console, ["span": span(running.remainingSeconds)]),
                    "class": running.remainingSeconds < 3_600 ? "soon" : "ok", "due": format.time(running.dueAt)]
        }
        if targets.contains(where: { $0.status == .paused }) { return ["label": text("tickets.sla_paused", console), "class": "paused"] }
        return ["label": text("tickets.sla_met", console), "class": "met"]
    }

    func ticketPage(_ console: ConsoleRequest, id rawId: String?, notice: String? = nil, error: String? = nil) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let ticket = try await services.tickets.find(id, by: console.caller)
        let messages = try await services.tickets.messages(of: id, by: console.caller)
        let sla = try? await services.sla.states(of: [id], by: console.caller).first
        let storeName = await stores(console).first { $0.id == ticket.storeId }?.name ?? ""
        var data = ticketRow(ticket, sla: sla, storeNames: ticket.storeId.map { [$0: storeName] } ?? [:], console)
        data["description"] = ticket.description
        data["category"] = ticket.category ?? ""
        data["channel"] = text("interaction_channel.\(ticket.channel.rawValue)", console)
        data["resolution"] = ticket.resolutionCode.map { text("ticket_resolution.\($0.rawValue)", console) } ?? ""
        data["attachments"] = ticket.attachments.map { ["name": $0.name, "reference": $0.reference] }
        data["thread"] = messages.map { message -> [String: Any] in
            var row: [String: Any] = ["body": message.body, "at": format.time(message.at), "author": message.author.name ?? "",
                                      "isNote": message.kind == .note, "kindClass": message.kind.rawValue,
                                      "kind": text("ticket_message.\(message.kind.rawValue)", console)]
            if let delivery = message.delivery { row["delivery"] = text("ticket_delivery.\(delivery.outcome.rawValue)", console) }
            return row
        }
        data["hasThread"] = !messages.isEmpty
        if let customer = ticket.customerId {
            let names = await maskedNames([customer], console)
            data["customer"] = customerCell(customer, names, console)
            if console.holds(.customersRead) {
                do {
                    data["c360"] = try await customer360Panel(for: customer, console)
                } catch PatronError.notFound(_, _) {
                    // An erased or merged-away customer has no panel; the ticket still shows.
                }
            }
        }
        let canHandle = console.caller.grants.allows(.ticketsHandle, inStore: ticket.storeId)
        data["canHandle"] = canHandle
        data["moves"] = ticket.status.next.filter { $0 != .resolved && ($0 != .assigned || ticket.assigneeId != nil) }.map {
            ["value": $0.rawValue, "name": text("ticket_status.\($0.rawValue)", console)]
        }
        data["canResolve"] = ticket.status.canMove(to: .resolved)
        data["resolutions"] = Ticket.ResolutionCode.allCases.map { ["value": $0.rawValue, "name": text("ticket_resolution.\($0.rawValue)", console)] }
        data["canTake"] = canHandle && ticket.assigneeId != console.member.id && ticket.isOpen
        if let notice { data["notice"] = notice }
        if let error { data["error"] = error }
        return page(status: error == nil ? .ok : .unprocessableContent, "ticket", titleKey: "tickets.ticket_title", data: ["ticket": data], console)
    }

    func postTicketMessage(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let body = console.form["body"] ?? ""
        do {
            if console.form["kind"] == "note" {
                _ = try await services.tickets.note(on: id, body: body, by: console.caller, requestId: console.requestId)
            } else {
                _ = try await services.tickets.reply(to: id, body: body, by: console.caller, requestId: console.requestId)
            }
        } catch let error as PatronError where Self.isInputError(error) {
            return try await ticketPage(console, id: rawId, error: error.message)
        }
        return redirect(to: "/console/tickets/\(id.uuidString.lowercased())")
    }

    func postTicketTransition(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        guard let status = console.form["status"].flatMap(Ticket.Status.init(rawValue:)) else { return try await ticketPage(console, id: rawId) }
        let resolution = console.form["resolution"].flatMap(Ticket.ResolutionCode.init(rawValue:))
        do {
            _ = try await services.tickets.transition(id, to: status, resolution: status == .resolved ? resolution : nil, by: console.caller,
                                                      requestId: console.requestId)
        } catch let error as PatronError where Self.isInputError(error) {
            return try await ticketPage(console, id: rawId, error: error.message)
        }
        return redirect(to: "/console/tickets/\(id.uuidString.lowercased())")
    }

    func takeTicket(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        _ = try await services.tickets.assign(id, to: console.member.id, by: console.caller, requestId: console.requestId)
        return redirect(to: "/console/tickets/\(id.uuidString.lowercased())")
    }

    static func isInputError(_ error: PatronError) -> Bool {
        switch error {
        case .invalid, .conflict: true
        default: false
        }
    }
}
