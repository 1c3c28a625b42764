import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The customer 360 in the console: the summary panel (partial `customer360`, for the customer page and the
/// ticket page), the timeline with an "older" link carrying the cursor, and the "log an interaction" form.
extension Console {
    static let timelinePageSize = 20

    func registerCustomer360Pages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.post("customers/:id/interactions") { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await self.logInteraction($0, id: id) }
        }
    }

    /// The data of the `customer360` partial: set it as `c360` in a page's data and include `{{>customer360}}`.
    func customer360Panel(for id: Customer.ID, _ console: ConsoleRequest) async throws -> [String: Any] {
        let summary = try await services.summary.summary(of: id, by: console.caller)
        let names = await storeNames(console)
        let points = summary.membership.points
        let orders = summary.recentOrders.map { order -> [String: Any] in
            ["id": order.id.uuidString.lowercased(), "number": order.posNumber, "time": format.time(order.occurredAt),
             "store": names[order.storeId] ?? "", "total": ConsoleFormat.money(order.totalMinor, order.currency),
             "status": text("order_status.\(order.status.rawValue)", console)]
        }
        let tickets = summary.openTickets.map { entry -> [String: Any] in
            ["id": entry.id, "subject": entry.summary, "time": format.time(entry.at), "store": entry.storeId.flatMap { names[$0] } ?? ""]
        }
        let interactions = summary.recentInteractions.map { entry -> [String: Any] in
            ["subject": entry.summary, "time": format.time(entry.at), "channel": channelText(entry.attributes["channel"], console)]
        }
        let consents = summary.consents.current.map { record -> [String: Any] in
            ["channel": text("consent_channel.\(record.channel.rawValue)", console),
             "state": text(record.granted ? "consent.granted" : "consent.withdrawn", console), "granted": record.granted]
        }
        let tier = summary.membership.tier
        return [
            "id": id.uuidString.lowercased(), "name": summary.profile.name,
            "tier": console.language == .zhCN ? tier.nameZh : tier.nameEn,
            "progress": summary.membership.progress.map { console.language == .zhCN ? $0.messageZh : $0.message } ?? "",
            "balance": ConsoleFormat.number(points.balance), "available": ConsoleFormat.number(points.available),
            "expiring": points.expiringPoints > 0 ? text("c360.expiring", console, ["points": ConsoleFormat.number(points.expiringPoints),
                                                                                    "date": format.day(points.nextExpiry)]) : "",
            "orders": orders, "hasOrders": !orders.isEmpty,
            "tickets": tickets, "hasTickets": !tickets.isEmpty,
            "interactions": interactions, "hasInteractions": !interactions.isEmpty,
            "consents": consents, "hasConsents": !consents.isEmpty,
        ]
    }

    /// One page of the timeline, from `?before=` (the cursor of the "older" link) or the newest.
    func timelinePanel(for id: Customer.ID, _ console: ConsoleRequest) async throws -> [String: Any] {
        let before = try console.query["before"].flatMap { $0.isEmpty ? nil : $0 }.map(TimelineCursor.init(token:))
        let page = try await services.timeline.timeline(of: id, before: before, limit: Self.timelinePageSize, by: console.caller)
        let names = await storeNames(console)
        let entries = page.entries.map { entry -> [String: Any] in
            var row: [String: Any] = ["kind": text("c360.kind.\(entry.kind.rawValue)", console), "kindCode": entry.kind.rawValue,
                                      "time": format.time(entry.at), "summary": entry.summary, "detail": detail(entry, console),
                                      "store": entry.storeId.flatMap { names[$0] } ?? ""]
            if entry.kind == .order { row["orderLink"] = "/console/orders/\(entry.id)" }
            if entry.kind == .interaction, console.holds(.ticketsHandle) { row["ticketLink"] = "/console/tickets/new?interaction=\(entry.id)" }
            return row
        }
        var data: [String: Any] = ["entries": entries, "hasEntries": !entries.isEmpty, "paged": before != nil]
        if let next = page.nextCursor { data["older"] = "/console/customers/\(id.uuidString.lowercased())?before=\(next.token)#timeline" }
        if console.holds(.interactionsWrite) {
            data["form"] = [
                "channels": Interaction.Channel.allCases.map { ["value": $0.rawValue, "label": text("c360.channel.\($0.rawValue)", console)] },
                "kinds": Interaction.Kind.allCases.map { ["value": $0.rawValue, "label": text("c360.interaction_kind.\($0.rawValue)", console)] },
                "directions": Interaction.Direction.allCases.map { ["value": $0.rawValue, "label": text("c360.direction.\($0.rawValue)", console)] },
                "subjectLimit": Interaction.subjectLimit, "bodyLimit": Interaction.bodyLimit,
            ]
        }
        return data
    }

    /// POST: logs a contact in the member's home store (chain-wide for staff without one), then back to the timeline.
    func logInteraction(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let form = console.form
        guard let channel = form["channel"].flatMap(Interaction.Channel.init(rawValue:)),
              let kind = form["kind"].flatMap(Interaction.Kind.init(rawValue:)),
              let direction = form["direction"].flatMap(Interaction.Direction.init(rawValue:)) else {
            throw PatronError.invalid(field: "channel", message: text("c360.form_invalid", console))
        }
        let body = form["body"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        let interaction = Interaction(channel: channel, direction: direction, kind: kind,
                                      subject: (form["subject"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                      body: body?.isEmpty == false ? body : nil, staffId: console.member.id,
                                      storeId: console.member.homeStoreId, customerId: id, occurredAt: Date())
        _ = try await services.interactions.log(interaction, by: console.caller, requestId: console.requestId)
        return redirect(to: "/console/customers/\(id.uuidString.lowercased())#timeline")
    }

    /// A kind's figures in one phrase: an order's total and status, a return's refund, points with their sign.
    func detail(_ entry: TimelineEntry, _ console: ConsoleRequest) -> String {
        let currency = entry.attributes["currency"].flatMap { try? CurrencyCode($0) } ?? .cny
        switch entry.kind {
        case .order:
            let total = entry.attributes["totalMinor"].flatMap { Int64($0) }.map { ConsoleFormat.money($0, currency) } ?? ""
            let status = entry.attributes["status"].map { text("order_status.\($0)", console) } ?? ""
            return [total, status].filter { !$0.isEmpty }.joined(separator: " · ")
        case .orderReturn:
            return entry.attributes["refundMinor"].flatMap { Int64($0) }.map { ConsoleFormat.money($0, currency) } ?? ""
        case .points:
            return entry.attributes["points"].flatMap { Int64($0) }.map { ($0 > 0 ? "+" : "") + ConsoleFormat.number($0) } ?? ""
        case .interaction:
            return channelText(entry.attributes["channel"], console)
        default:
            return entry.attributes["status"] ?? ""
        }
    }

    func channelText(_ channel: String?, _ console: ConsoleRequest) -> String {
        guard let channel, Interaction.Channel(rawValue: channel) != nil else { return "" }
        return text("c360.channel.\(channel)", console)
    }
}
