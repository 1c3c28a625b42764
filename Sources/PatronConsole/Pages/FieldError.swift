import Foundation
import PatronCore

/// A refused input, shown next to the field it concerns (`field` is "form" when the refusal names no
/// field of the form) and, for an identifier that belongs to someone else, with a link to that customer.
struct FieldError: Sendable {
    var field: String
    var message: String
    var existingId: String?

    static let form = "form"
}

extension Console {
    /// The inline error for a domain refusal of the form's input, or nil when the error is not about the
    /// input (the page rethrows it and `serve` shows the 403, 404 or error page). The staff member reads
    /// `<area>.errors.<field>` in their language when the catalogue has it, else the domain's message.
    func fieldError(_ error: PatronError, fields: Set<String>, area: String, _ console: ConsoleRequest) -> FieldError? {
        let catalogue = renderer.catalogue(console.language)
        func field(_ named: String?) -> String? {
            guard let named else { return nil }
            let base = String(named.prefix { $0 != "[" && $0 != "." })
            return fields.contains(base) ? base : nil
        }
        switch error {
        case .invalid(let named, let message):
            guard let name = field(named) else { return FieldError(field: FieldError.form, message: message) }
            let key = "\(area).errors.\(name)"
            return FieldError(field: name, message: catalogue.flat[key] != nil ? catalogue.text(key) : message)
        case .conflict(let named, let message):
            return FieldError(field: field(named) ?? FieldError.form, message: message)
        case .identityConflict(let named, let existing):
            return FieldError(field: field(named) ?? FieldError.form, message: text("customer_form.errors.taken", console),
                              existingId: existing.uuidString.lowercased())
        default:
            return nil
        }
    }
}
