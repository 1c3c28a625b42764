import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Merging a duplicate into the customer whose page it started from: find the duplicate (by phone and name,
/// or by pasting its id), preview both profiles masked with what moves to the survivor, then confirm. The
/// merge itself is `CustomerService.merge`, as through the API.
extension Console {
    func mergePage(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.customersWrite)
        let survivor = try await services.customers.find(id, by: console.caller)
        guard let duplicate = console.query["duplicate"] else { return try await mergeFinder(console, survivor: survivor) }
        return try await mergePreview(console, survivor: survivor, duplicate: duplicate)
    }

    func mergeCustomers(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.customersWrite)
        let survivor = try await services.customers.find(id, by: console.caller)
        let duplicate = console.form["duplicate"] ?? ""
        guard console.form["confirm"] != nil else {
            return try await mergePreview(console, survivor: survivor, duplicate: duplicate,
                                          confirmError: text("customer_merge.errors.confirm", console))
        }
        guard let duplicateId = Self.id(duplicate) else {
            return try await mergeFinder(console, survivor: survivor, idError: text("customer_merge.errors.id", console))
        }
        do {
            let merged = try await services.customers.merge(duplicate: duplicateId, into: id, by: console.caller, requestId: console.requestId)
            return redirect(to: Self.customerPath(merged.id))
        } catch let error as PatronError {
            guard let message = mergeRefusal(error, console) else { throw error }
            return try await mergeFinder(console, survivor: survivor, idError: message)
        }
    }

    /// What a refused merge tells the staff member, or nil when it is not about the duplicate chosen.
    func mergeRefusal(_ error: PatronError, _ console: ConsoleRequest) -> String? {
        switch error {
        case .invalid: text("customer_merge.errors.itself", console)
        case .notFound: text("customer_merge.errors.id", console)
        case .erased: text("customer_merge.errors.erased", console)
        case .merged(_, let into): text("customer_merge.errors.merged", console, ["id": into.uuidString.lowercased()])
        case .conflict(_, let message): message
        default: nil
        }
    }

    /// Step one: search by phone and name, or paste an id; results link to the preview.
    func mergeFinder(_ console: ConsoleRequest, survivor: Customer, idError: String? = nil) async throws -> Response {
        let q = console.query
        var query = CustomerQuery()
        var errors = applyPhoneAndName(phone: q["phone"], name: q["name"], to: &query, console)
        let searched = q["phone"] != nil || q["name"] != nil
        var rows: [[String: Any]] = []
        if searched, errors.isEmpty {
            do {
                let found = try await services.customers.search(query, page: try PageRequest(limit: 20), by: console.caller)
                let names = await storeNames(console)
                rows = found.items.filter { $0.id != survivor.id }.map { customer in
                    let view = CustomerView.masked(customer)
                    return ["id": customer.id.uuidString.lowercased(), "name": view.name, "mobile": view.mobile ?? "",
                            "store": customer.preferredStoreId.flatMap { names[$0] } ?? "", "since": format.day(customer.createdAt)]
                }
            } catch PatronError.invalid(let field, let message) {
                errors[field == "name" ? "name" : "phone"] = message
            }
        }
        if let idError { errors["duplicate"] = idError }
        let data: [String: Any] = [
            "id": survivor.id.uuidString.lowercased(), "survivorName": CustomerView.masked(survivor).name,
            "phone": q["phone"] ?? "", "name": q["name"] ?? "", "errors": errors,
            "rows": rows, "hasRows": !rows.isEmpty, "noResults": searched && errors.isEmpty && rows.isEmpty,
            "notSearched": !searched,
        ]
        return page(status: idError == nil ? .ok : .unprocessableContent, "customer-merge", titleKey: "customer_merge.title",
                    titleValues: ["name": CustomerView.masked(survivor).name], data: data, console)
    }
}
