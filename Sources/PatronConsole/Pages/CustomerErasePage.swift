import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Erasing a customer at their request: the page says what goes and what stays, asks for the reason the
/// audit log keeps, and for the last four characters of the customer's id typed by hand — erasure cannot be
/// undone, so a stray click must not do it. console.js enables the button when the code matches; the server
/// checks it again.
extension Console {
    /// The code to type: the end of the id, which differs between customers with the same masked name.
    static func eraseCode(_ id: Customer.ID) -> String { String(id.uuidString.lowercased().suffix(4)) }

    func erasePage(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.customersErase)
        let customer = try await services.customers.find(id, by: console.caller)
        return eraseForm(console, customer: customer, reason: "", errors: [:])
    }

    func eraseCustomer(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.customersErase)
        let customer = try await services.customers.find(id, by: console.caller)
        let reason = console.form["reason"] ?? ""
        guard console.form["confirm"]?.lowercased() == Self.eraseCode(id) else {
            return eraseForm(console, customer: customer, reason: reason, errors: ["confirm": text("customer_erase.errors.confirm", console)])
        }
        do {
            try await services.customers.erase(id, reason: reason, by: console.caller, requestId: console.requestId)
        } catch let error as PatronError {
            guard let inline = fieldError(error, fields: ["reason"], area: "customer_erase", console) else { throw error }
            return eraseForm(console, customer: customer, reason: reason, errors: [inline.field: inline.message])
        }
        return redirect(to: "/console/customers?erased=1")
    }

    func eraseForm(_ console: ConsoleRequest, customer: Customer, reason: String, errors: [String: String]) -> Response {
        let name = CustomerView.masked(customer).name
        let data: [String: Any] = ["id": customer.id.uuidString.lowercased(), "name": name, "code": Self.eraseCode(customer.id),
                                   "reason": reason, "errors": errors]
        return page(status: errors.isEmpty ? .ok : .unprocessableContent, "customer-erase", titleKey: "customer_erase.title",
                    titleValues: ["name": name], data: data, console)
    }
}
