import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The chain's stores: the list for everyone who may read stores, opening and editing for `stores.manage`.
extension Console {
    /// The zones a Chinese chain's stores are in; a store's own zone is offered too if it is another.
    static let storeTimeZones = ["Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei"]

    func storeList(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.storesRead)
        let page = try await services.stores.list(try PageRequest(cursor: console.query["cursor"], limit: 100), by: console.caller)
        let rows: [[String: Any]] = page.items.map { store in
            var row: [String: Any] = ["id": store.id.uuidString.lowercased(), "code": store.code, "name": store.name, "city": store.city,
                                      "region": store.region, "online": yesNo(store.isOnline, console), "timeZone": store.timeZone,
                                      "active": store.isActive]
            if let opens = store.opensAt, let closes = store.closesAt { row["hours"] = "\(opens)–\(closes)" }
            return row
        }
        var data: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty, "canManage": console.holds(.storesManage)]
        if let next = nextPageLink(console, cursor: page.nextCursor) { data["next"] = next }
        if let notice = doneNotice(console) { data["notice"] = notice }
        return self.page("stores", titleKey: "stores_page.title", data: data, console)
    }

    func storeForm(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        try console.caller.require(.storesManage)
        guard let rawId else {
            return storePage(console, store: nil, values: ["timeZone": "Asia/Shanghai", "active": "on"], errors: [:])
        }
        guard let id = Self.id(rawId) else { return notFound(console) }
        let store = try await services.stores.find(id, by: console.caller)
        let values = ["code": store.code, "name": store.name, "city": store.city, "region": store.region, "timeZone": store.timeZone,
                      "online": store.isOnline ? "on" : "", "opensAt": store.opensAt ?? "", "closesAt": store.closesAt ?? "",
                      "active": store.isActive ? "on" : ""]
        return storePage(console, store: store, values: values, errors: [:])
    }

    /// POST: opens (no id) or changes a store; the domain's refusal is shown beside its field (422).
    func saveStore(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        try console.caller.require(.storesManage)
        var existing: Store?
        if let rawId {
            guard let id = Self.id(rawId) else { return notFound(console) }
            existing = try await services.stores.find(id, by: console.caller)
        }
        let form = console.form
        var values: [String: String] = [:]
        for field in ["code", "name", "city", "region", "timeZone", "online", "opensAt", "closesAt", "active"] { values[field] = form[field] ?? "" }
        var errors: [String: String] = [:]
        for field in ["opensAt", "closesAt"] where form[field].map(Self.isClockTime) == false {
            errors[field] = text("stores_page.hours_invalid", console)
        }
        if errors.isEmpty {
            var store = existing ?? Store(code: "", name: "", city: "", region: "")
            store.code = form["code"] ?? ""
            store.name = form["name"] ?? ""
            store.city = form["city"] ?? ""
            store.region = form["region"] ?? ""
            store.timeZone = form["timeZone"] ?? ""
            store.isOnline = form["online"] != nil
            store.opensAt = form["opensAt"]
            store.closesAt = form["closesAt"]
            store.isActive = existing == nil || form["active"] != nil
            do {
                if existing == nil {
                    _ = try await services.stores.create(store, by: console.caller, requestId: console.requestId)
                } else {
                    _ = try await services.stores.update(store, by: console.caller, requestId: console.requestId)
                }
                return redirect(to: "/console/stores?done=\(existing == nil ? "created" : "saved")")
            } catch {
                errors = try Self.fieldErrors(error, default: "code")
            }
        }
        return storePage(console, store: existing, values: values, errors: errors, status: .unprocessableContent)
    }

    /// `HH:mm` as a clock shows it, 00:00 to 24:00.
    static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard text.count == 5, parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return (hour < 24 && minute < 60) || (hour == 24 && minute == 0)
    }

    func storePage(_ console: ConsoleRequest, store: Store?, values: [String: String], errors: [String: String],
                   status: HTTPResponse.Status = .ok) -> Response {
        var zones = Self.storeTimeZones
        if let current = values["timeZone"], !current.isEmpty, !zones.contains(current) { zones.append(current) }
        let data: [String: Any] = [
            "values": values, "errors": errors, "isNew": store == nil,
            "online": values["online"] == "on", "active": values["active"] == "on",
            "zones": zones.map { ["value": $0, "selected": $0 == values["timeZone"]] as [String: Any] },
            "action": store.map { "/console/stores/\($0.id.uuidString.lowercased())" } ?? "/console/stores",
        ]
        return page(status: status, "store", titleKey: store == nil ? "stores_page.new" : "stores_page.edit_title",
                    titleValues: ["name": store?.name ?? ""], data: data, console)
    }
}
