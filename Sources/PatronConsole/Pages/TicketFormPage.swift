import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Opening a ticket from the console: a blank form, or one prefilled from a logged interaction (a complaint
/// call becomes a complaint ticket linked to that call). `TicketService.open` checks the caller and the store;
/// a refused input comes back as the form with the error beside its field.
extension Console {
    /// The form's fields; the domain names some of them differently (`storeId`, `customerId`).
    static let ticketFormFields = ["kind", "channel", "priority", "subject", "description", "store", "customer", "interaction"]

    func newTicketForm(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.ticketsHandle)
        var values = Dictionary(uniqueKeysWithValues: Self.ticketFormFields.map { ($0, "") })
        values["kind"] = Ticket.Kind.inquiry.rawValue
        values["priority"] = Ticket.Priority.normal.rawValue
        values["channel"] = Interaction.Channel.store.rawValue
        if let raw = console.query["interaction"], !raw.isEmpty {
            guard let id = Self.id(raw) else { return notFound(console) }
            let interaction = try await services.interactions.find(id, by: console.caller)
            values["interaction"] = id.uuidString.lowercased()
            values["channel"] = interaction.channel.rawValue
            values["subject"] = interaction.subject
            values["description"] = interaction.body ?? ""
            values["store"] = interaction.storeId?.uuidString.lowercased() ?? ""
            values["customer"] = interaction.customerId?.uuidString.lowercased() ?? ""
            if interaction.kind == .complaint { values["kind"] = Ticket.Kind.complaint.rawValue }
        } else if let customer = Self.id(console.query["customer"]) {
            values["customer"] = customer.uuidString.lowercased()
        }
        return try await ticketFormPage(console, values: values, errors: [:])
    }

    func postNewTicket(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.ticketsHandle)
        let form = console.form
        var values: [String: String] = [:]
        for field in Self.ticketFormFields { values[field] = form[field]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        var errors: [String: String] = [:]
        let kind = Ticket.Kind(rawValue: values["kind"] ?? "")
        let channel = Interaction.Channel(rawValue: values["channel"] ?? "")
        let priority = Ticket.Priority(rawValue: values["priority"] ?? "")
        if kind == nil { errors["kind"] = text("tickets.choice_invalid", console) }
        if channel == nil { errors["channel"] = text("tickets.choice_invalid", console) }
        if priority == nil { errors["priority"] = text("tickets.choice_invalid", console) }
        func optionalId(_ field: String) -> UUID?? {
            guard let raw = values[field], !raw.isEmpty else { return .some(nil) }
            guard let id = Self.id(raw) else { errors[field] = text("tickets.choice_invalid", console); return nil }
            return .some(id)
        }
        let store = optionalId("store"), customer = optionalId("customer"), interaction = optionalId("interaction")
        if values["subject"]?.isEmpty != false { errors["subject"] = text("tickets.subject_required", console) }
        if errors.isEmpty, let kind, let channel, let priority, let store, let customer, let interaction {
            let draft = TicketDraft(kind: kind, priority: priority, channel: channel, customerId: customer, storeId: store,
                                    subject: values["subject"] ?? "", description: values["description"] ?? "", interactionId: interaction)
            do {
                let ticket = try await services.tickets.open(draft, by: console.caller, requestId: console.requestId)
                return redirect(to: "/console/tickets/\(ticket.id.uuidString.lowercased())")
            } catch {
                errors = Self.ticketFormErrors(try Self.fieldErrors(error, default: "subject"))
            }
        }
        return try await ticketFormPage(console, values: values, errors: errors, status: .unprocessableContent)
    }

    /// The domain's field names mapped to the form's, so every refusal shows beside a field of this form.
    static func ticketFormErrors(_ errors: [String: String]) -> [String: String] {
        let names = ["storeId": "store", "customerId": "customer", "interactionId": "interaction"]
        return Dictionary(errors.map { key, message in
            let base = String(key.prefix { $0 != "[" && $0 != "." })
            let field = names[base] ?? base
            return (ticketFormFields.contains(field) ? field : "subject", message)
        }, uniquingKeysWith: { first, _ in first })
    }

    func ticketFormPage(_ console: ConsoleRequest, values: [String: String], errors: [String: String],
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        var stores = await stores(console)
        if case .only(let home) = console.caller.grants.storeFilter(for: .ticketsHandle) { stores = stores.filter { $0.id == home } }
        func options(_ all: [String], catalogue: String, selected: String?) -> [[String: Any]] {
            all.map { ["value": $0, "name": text("\(catalogue).\($0)", console), "selected": $0 == selected] }
        }
        var data: [String: Any] = [
            "values": values, "errors": errors,
            "kinds": options(Ticket.Kind.allCases.map(\.rawValue), catalogue: "ticket_kind", selected: values["kind"]),
            "channels": options(Interaction.Channel.allCases.map(\.rawValue), catalogue: "interaction_channel", selected: values["channel"]),
            "priorities": options(Ticket.Priority.allCases.map(\.rawValue), catalogue: "ticket_priority", selected: values["priority"]),
            "stores": storeOptions(stores, selected: Self.id(values["store"])),
            "subjectLimit": Ticket.subjectLimit, "descriptionLimit": Ticket.descriptionLimit,
        ]
        if let customer = Self.id(values["customer"]) {
            data["customer"] = customerCell(customer, await maskedNames([customer], console), console)
        }
        if !(values["interaction"] ?? "").isEmpty { data["fromInteraction"] = true }
        return page(status: status, "ticket-form", titleKey: "tickets.new_title", data: data, console)
    }
}
