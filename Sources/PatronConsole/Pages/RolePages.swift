import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Roles for `roles.manage`: the built-in ones to read, custom ones to create, change and delete. The
/// service refuses a role stronger than its author and the deletion of a role someone holds.
extension Console {
    func roleList(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.rolesManage)
        let roles = try await services.roles.list(by: console.caller)
        let rows: [[String: Any]] = roles.map { role in
            ["name": role.name, "label": roleName(role, console), "builtIn": role.builtIn, "storeScoped": role.storeScoped,
             "permissions": role.permissions.sorted().map { permissionName($0, console) }.joined(separator: "、")]
        }
        var data: [String: Any] = ["rows": rows, "hasCustom": roles.contains { !$0.builtIn }]
        if let notice = doneNotice(console) { data["notice"] = notice }
        return page("roles", titleKey: "roles_page.title", data: data, console)
    }

    func roleForm(_ console: ConsoleRequest, name: String?) async throws -> Response {
        try console.caller.require(.rolesManage)
        guard let name else { return rolePage(console, role: nil, values: [:], permissions: [], errors: [:]) }
        let role = try await services.roles.find(name, by: console.caller)
        return rolePage(console, role: role, values: ["nameZh": role.nameZh, "nameEn": role.nameEn, "storeScoped": role.storeScoped ? "on" : ""],
                        permissions: role.permissions, errors: [:])
    }

    /// POST: creates (no name in the path) or changes a custom role.
    func saveRole(_ console: ConsoleRequest, name: String?) async throws -> Response {
        try console.caller.require(.rolesManage)
        var existing: Role?
        if let name { existing = try await services.roles.find(name, by: console.caller) }
        let form = console.form
        let values = ["name": form["name"] ?? "", "nameZh": form["nameZh"] ?? "", "nameEn": form["nameEn"] ?? "", "storeScoped": form["storeScoped"] ?? ""]
        let chosen = Set(form.all("permissions").compactMap(Permission.init(rawValue:)))
        let role = Role(name: existing?.name ?? values["name"] ?? "", nameZh: values["nameZh"] ?? "", nameEn: values["nameEn"] ?? "",
                        permissions: chosen, storeScoped: form["storeScoped"] != nil)
        do {
            if existing == nil {
                _ = try await services.roles.create(role, by: console.caller, requestId: console.requestId)
            } else {
                _ = try await services.roles.update(role, by: console.caller, requestId: console.requestId)
            }
            return redirect(to: "/console/roles?done=\(existing == nil ? "created" : "saved")")
        } catch {
            let errors = try Self.fieldErrors(error, default: "name")
            return rolePage(console, role: existing, values: values, permissions: chosen, errors: errors, status: .unprocessableContent)
        }
    }

    /// POST with the confirmation box ticked.
    func deleteRole(_ console: ConsoleRequest, name: String?) async throws -> Response {
        try console.caller.require(.rolesManage)
        guard let name else { return notFound(console) }
        let role = try await services.roles.find(name, by: console.caller)
        var errors = ["confirm": text("admin_common.confirm_required", console)]
        if console.form["confirm"] == "yes" {
            do {
                try await services.roles.delete(name, by: console.caller, requestId: console.requestId)
                return redirect(to: "/console/roles?done=deleted")
            } catch {
                errors = ["confirm": try Self.fieldErrors(error, default: "confirm").values.first ?? ""]
            }
        }
        return rolePage(console, role: role, values: ["nameZh": role.nameZh, "nameEn": role.nameEn, "storeScoped": role.storeScoped ? "on" : ""],
                        permissions: role.permissions, errors: errors, status: .unprocessableContent)
    }

    func rolePage(_ console: ConsoleRequest, role: Role?, values: [String: String], permissions: Set<Permission>,
                  errors: [String: String], status: HTTPResponse.Status = .ok) -> Response {
        var data: [String: Any] = [
            "values": values, "errors": errors, "isNew": role == nil, "readOnly": role?.builtIn == true,
            "storeScoped": values["storeScoped"] == "on", "permissions": permissionChoices(permissions, console),
            "action": role.map { "/console/roles/\(Self.urlEncode($0.name))" } ?? "/console/roles",
        ]
        if let role {
            data["role"] = ["name": role.name, "label": roleName(role, console),
                            "permissionNames": role.permissions.sorted().map { permissionName($0, console) }] as [String: Any]
        }
        return page(status: status, "role", titleKey: role == nil ? "roles_page.new" : "roles_page.role_title",
                    titleValues: ["name": role.map { roleName($0, console) } ?? ""], data: data, console)
    }
}
