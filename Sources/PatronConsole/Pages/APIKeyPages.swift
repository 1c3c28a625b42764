import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Integration keys for `api_keys.manage`: the list, a new key whose secret is shown this once, revoking.
extension Console {
    func apiKeyPage(_ console: ConsoleRequest, values: [String: String] = [:], scopes: Set<Permission> = [],
                    errors: [String: String] = [:], secret: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let page = try await services.apiKeys.list(try PageRequest(cursor: console.query["cursor"], limit: 100), by: console.caller)
        let stores = await stores(console)
        let names = Dictionary(stores.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let now = Date()
        let rows: [[String: Any]] = page.items.map { key in
            var row: [String: Any] = ["id": key.id.uuidString.lowercased(), "name": key.name, "prefix": key.prefix,
                                      "scopes": key.scopes.sorted().map { permissionName($0, console) }.joined(separator: "、"),
                                      "store": key.storeId.map { names[$0] ?? $0.uuidString.lowercased() } ?? text("staff_page.all_stores", console),
                                      "created": format.time(key.createdAt), "usable": key.isUsable(at: now)]
            if let expires = key.expiresAt { row["expires"] = format.day(expires.addingTimeInterval(-1)) }
            if let revoked = key.revokedAt { row["revoked"] = format.time(revoked) }
            if let used = key.lastUsedAt { row["used"] = format.time(used) }
            return row
        }
        var data: [String: Any] = [
            "rows": rows, "hasRows": !rows.isEmpty, "values": values, "errors": errors,
            "scopes": permissionChoices(scopes, console).filter { choice in
                (choice["value"] as? String).flatMap(Permission.init(rawValue:)).map { console.caller.grants.everywhere.contains($0) } ?? false
            },
            "stores": storeOptions(stores, selected: values["store"].flatMap(Self.id)),
            "openForm": !errors.isEmpty,
        ]
        if let next = nextPageLink(console, cursor: page.nextCursor) { data["next"] = next }
        if let notice = doneNotice(console) { data["notice"] = notice }
        if let secret { data["secret"] = secret }
        return self.page(status: status, "api-keys", titleKey: "api_keys_page.title", data: data, console)
    }

    /// POST: a new key. The secret is in this one response only; Patron keeps its digest.
    func createAPIKey(_ console: ConsoleRequest) async throws -> Response {
        let form = console.form
        let values = ["name": form["name"] ?? "", "store": form["store"] ?? "", "expires": form["expires"] ?? ""]
        let scopes = form.all("scopes")
        var errors: [String: String] = [:]
        let store = form["store"].flatMap(Self.id)
        if form["store"] != nil, store == nil { errors["storeId"] = text("staff_page.store_invalid", console) }
        var expiresAt: Date?
        if let day = form["expires"] {
            expiresAt = format.parseDay(day).flatMap { Calendar(identifier: .gregorian).date(byAdding: .day, value: 1, to: $0) }
            if expiresAt == nil { errors["expiresAt"] = text("api_keys_page.expires_invalid", console) }
        }
        if errors.isEmpty {
            do {
                let (_, secret) = try await services.apiKeys.create(name: values["name"] ?? "", scopes: scopes, storeId: store, expiresAt: expiresAt,
                                                                    by: console.caller, requestId: console.requestId)
                return try await apiKeyPage(console, secret: secret)
            } catch {
                errors = try Self.fieldErrors(error, default: "name")
            }
        }
        return try await apiKeyPage(console, values: values, scopes: Set(scopes.compactMap(Permission.init(rawValue:))), errors: errors,
                                    status: .unprocessableContent)
    }

    /// POST with the confirmation box ticked; without it the list is shown again with the reason.
    func revokeAPIKey(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        guard console.form["confirm"] == "yes" else {
            return try await apiKeyPage(console, errors: ["revoke": text("admin_common.confirm_required", console)], status: .unprocessableContent)
        }
        try await services.apiKeys.revoke(id, by: console.caller, requestId: console.requestId)
        return redirect(to: "/console/api-keys?done=revoked")
    }
}
