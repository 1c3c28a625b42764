import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Creating and editing a customer. Both go through `CustomerService` like the API, so identity
/// resolution, validation, history and audit are the same; a refusal comes back as the form with the
/// message next to the field and the staff member's values kept. Editing never shows clear values: personal
/// fields start blank and blank keeps what is stored, so staff without `customers.read_pii` can still fix
/// the rest.
extension Console {
    /// The change history names the console as the channel of these writes.
    static let consoleChannel = "console"
    static let customerFormFields = Set(CustomerFormInput.text + ["consentSource"])

    static func customerPath(_ id: Customer.ID) -> String { "/console/customers/\(id.uuidString.lowercased())" }

    func newCustomerForm(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.customersWrite)
        return try await customerForm(console, customer: nil, input: CustomerFormInput(creatingIn: console.caller.grants.homeStoreId),
                                      error: nil)
    }

    func createCustomer(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.customersWrite)
        let input = CustomerFormInput(console.form)
        let customer: Customer
        do {
            try input.checkConsents()
            switch try await services.customers.create(try input.draft(creating: true), upsert: false, channel: Self.consoleChannel,
                                                       by: console.caller, requestId: console.requestId) {
            case .created(let created), .updated(let created): customer = created
            }
        } catch let error as PatronError {
            guard let inline = fieldError(error, fields: Self.customerFormFields, area: "customer_form", console) else { throw error }
            return try await customerForm(console, customer: nil, input: input, error: inline)
        }
        try await recordConsents(input, for: customer.id, console)
        return redirect(to: Self.customerPath(customer.id))
    }

    func editCustomerForm(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.customersWrite)
        let customer = try await services.customers.find(id, by: console.caller)
        return try await customerForm(console, customer: customer, input: CustomerFormInput(editing: customer), error: nil)
    }

    func updateCustomer(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.customersWrite)
        let customer = try await services.customers.find(id, by: console.caller)
        let input = CustomerFormInput(console.form)
        do {
            try input.checkConsents()
            _ = try await services.customers.update(id, try input.draft(creating: false), channel: Self.consoleChannel,
                                                    by: console.caller, requestId: console.requestId)
        } catch let error as PatronError {
            guard let inline = fieldError(error, fields: Self.customerFormFields, area: "customer_form", console) else { throw error }
            return try await customerForm(console, customer: customer, input: input, error: inline)
        }
        try await recordConsents(input, for: id, console)
        return redirect(to: Self.customerPath(id))
    }

    /// Each grant or withdrawal chosen on the form becomes its own consent record, as through the API.
    func recordConsents(_ input: CustomerFormInput, for id: Customer.ID, _ console: ConsoleRequest) async throws {
        for change in input.consentChanges {
            _ = try await services.customers.recordConsent(id, channel: change.channel, granted: change.granted, source: input.consentSource,
                                                           by: console.caller, requestId: console.requestId)
        }
    }

    /// The form, new (`customer` nil) or editing; 422 when it carries an error.
    func customerForm(_ console: ConsoleRequest, customer: Customer?, input: CustomerFormInput, error: FieldError?) async throws -> Response {
        var current: [ConsentRecord.Channel: Bool] = [:]
        if let customer {
            for record in try await services.customers.consents(customer.id, by: console.caller).current {
                current[record.channel] = record.granted
            }
        }
        let fields = customerFormFields(input, view: customer.map(CustomerView.masked), stores: await stores(console), error: error, console)
        var data: [String: Any] = [
            "creating": customer == nil, "editing": customer != nil,
            "action": customer.map { Self.customerPath($0.id) + "/edit" } ?? "/console/customers/new",
            "cancel": customer.map { Self.customerPath($0.id) } ?? "/console/customers",
            "fields": fields,
            "consents": ConsentRecord.Channel.allCases.map { channel -> [String: Any] in
                var row: [String: Any] = [
                    "channel": channel.rawValue, "label": text("consent_channel.\(channel.rawValue)", console),
                    "options": [(CustomerFormInput.unchanged, customer == nil ? "consent.unknown" : "customer_form.consent_no_change"),
                                ("granted", "consent.granted"), ("withdrawn", "consent.withdrawn")].map { value, key in
                        ["value": value, "label": text(key, console), "selected": input.consents[channel, default: ""] == value]
                    },
                ]
                if customer != nil {
                    let state = text(current[channel].map { $0 ? "consent.granted" : "consent.withdrawn" } ?? "consent.unknown", console)
                    row["now"] = text("customer_form.now", console, ["value": state])
                }
                return row
            },
            "sources": CustomerFormInput.consentSources.map {
                ["value": $0, "label": text("customer_form.consent_source.\($0)", console), "selected": input.consentSource == $0]
            },
        ]
        if let error, error.field == "consentSource" { data["sourceError"] = error.message }
        if let error, error.field == FieldError.form {
            var summary: [String: Any] = ["message": error.message]
            if let existing = error.existingId { summary["existing"] = existing }
            data["formError"] = summary
        } else if error != nil {
            data["formError"] = ["message": text("customer_form.check_fields", console)]
        }
        let title = customer == nil ? "customer_form.new_title" : "customer_form.edit_title"
        return page(status: error == nil ? .ok : .unprocessableContent, "customer-form", titleKey: title,
                    titleValues: ["name": customer.map { CustomerView.masked($0).name } ?? ""], data: data, console)
    }
}
