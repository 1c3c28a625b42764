import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Finding a customer the way a store associate asks: the full mobile, the last four digits with the name,
/// a name prefix, a tag, a tier or a store. Results are always masked.
extension Console {
    func customerList(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.customersRead)
        let q = console.query
        let stores = await stores(console)
        let programme = try? await services.membership.programme(by: console.caller)
        var query = CustomerQuery()
        var errors = applyPhoneAndName(phone: q["phone"], name: q["name"], to: &query, console)
        query.tag = q["tag"]
        query.tier = q["tier"]
        query.storeId = Self.id(q["store"])
        let searched = q["phone"] != nil || query.namePrefix != nil || query.tag != nil || query.tier != nil || query.storeId != nil
        var rows: [[String: Any]] = []
        var next: String?
        if searched && errors.isEmpty {
            do {
                let page = try await services.customers.search(query, page: try PageRequest(cursor: q["cursor"], limit: 50), by: console.caller)
                let names = Dictionary(stores.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
                rows = page.items.map { customer in
                    let view = CustomerView.masked(customer)
                    return ["id": customer.id.uuidString.lowercased(), "name": view.name, "mobile": view.mobile ?? "",
                            "store": customer.preferredStoreId.flatMap { names[$0] } ?? "", "tags": customer.tags.joined(separator: ", "),
                            "since": format.day(customer.createdAt)]
                }
                next = page.nextCursor
            } catch PatronError.invalid(let field, let message) {
                errors[field ?? "phone"] = message
            }
        }
        var nextLink: String?
        if let next {
            var items = console.query.fields.filter { $0.name != "cursor" }.map { "\($0.name)=\(Self.urlEncode($0.value))" }
            items.append("cursor=\(Self.urlEncode(next))")
            nextLink = "/console/customers?" + items.joined(separator: "&")
        }
        var data: [String: Any] = [
            "phone": q["phone"] ?? "", "name": q["name"] ?? "", "tag": q["tag"] ?? "",
            "tiers": (programme?.tiers ?? []).map { tier -> [String: Any] in
                ["code": tier.code, "name": console.language == .zhCN ? tier.nameZh : tier.nameEn, "selected": tier.code == query.tier]
            },
            "stores": storeOptions(stores, selected: query.storeId),
            "errors": errors, "hasErrors": !errors.isEmpty,
            "searched": searched && errors.isEmpty, "rows": rows, "hasRows": !rows.isEmpty, "empty": searched && errors.isEmpty && rows.isEmpty,
            "canCreate": console.holds(.customersWrite),
        ]
        if let nextLink { data["next"] = nextLink }
        if q["erased"] != nil { data["notice"] = text("customer_erase.done", console) }
        return page("customers", titleKey: "customers.title", data: data, console)
    }

    static func urlEncode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
