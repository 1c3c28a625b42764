import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Staff accounts: the list and a member's page for `staff.read` (at their scope), and for `staff.manage`
/// creating, editing, resetting a password, lifting a sign-in lock and deactivating.
extension Console {
    func staffList(_ console: ConsoleRequest) async throws -> Response {
        let page = try await services.staff.list(try PageRequest(cursor: console.query["cursor"], limit: 50), by: console.caller)
        let names = await storeNames(console)
        let roles = try await services.roles.list(by: console.caller)
        var rows: [[String: Any]] = []
        for member in page.items {
            var row = staffSummary(member, storeNames: names, roles: roles, console)
            if let until = try await services.staff.lockedUntil(member.id, by: console.caller) { row["lockedUntil"] = format.time(until) }
            rows.append(row)
        }
        var data: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty, "canManage": console.holds(.staffManage)]
        if let next = nextPageLink(console, cursor: page.nextCursor) { data["next"] = next }
        return self.page("staff-list", titleKey: "staff_page.title", data: data, console)
    }

    func staffSummary(_ member: StaffMember, storeNames: [Store.ID: String], roles: [Role], _ console: ConsoleRequest) -> [String: Any] {
        let roleNames = member.roles.map { name in roles.first { $0.name == name }.map { roleName($0, console) } ?? name }
        return ["id": member.id.uuidString.lowercased(), "username": member.username, "name": member.displayName,
                "department": departmentName(member.department, console),
                "store": member.homeStoreId.map { storeNames[$0] ?? $0.uuidString.lowercased() } ?? text("staff_page.all_stores", console),
                "roles": roleNames.joined(separator: "、"), "active": member.isActive]
    }

    func newStaffForm(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.staffManage)
        return try await newStaffPage(console, values: [:], roles: [], errors: [:])
    }

    /// POST: a new account; with the password left empty one is generated and shown once on the next page.
    func createStaff(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.staffManage)
        let form = console.form
        let values = ["username": form["username"] ?? "", "displayName": form["displayName"] ?? "", "department": form["department"] ?? "",
                      "store": form["store"] ?? ""]
        let chosenRoles = form.all("roles")
        var errors: [String: String] = [:]
        let department = form["department"].flatMap(StaffMember.Department.init(rawValue:))
        if department == nil { errors["department"] = text("staff_page.department_required", console) }
        let store = form["store"].flatMap(Self.id)
        if form["store"] != nil, store == nil { errors["homeStoreId"] = text("staff_page.store_invalid", console) }
        let generated = form["password"] == nil ? RandomSecretIssuer.newPassword() : nil
        if errors.isEmpty, let department {
            let input = StaffService.NewMember(username: values["username"] ?? "", displayName: values["displayName"] ?? "", department: department,
                                               homeStoreId: store, roles: chosenRoles, password: form["password"] ?? generated ?? "")
            do {
                let member = try await services.staff.create(input, by: console.caller, requestId: console.requestId)
                return try await staffPage(console, member: member, notice: text("admin_common.done.created", console), password: generated)
            } catch {
                errors = try Self.fieldErrors(error, default: "username")
            }
        }
        return try await newStaffPage(console, values: values, roles: Set(chosenRoles), errors: errors, status: .unprocessableContent)
    }

    func newStaffPage(_ console: ConsoleRequest, values: [String: String], roles: Set<String>, errors: [String: String],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let data: [String: Any] = [
            "values": values, "errors": errors,
            "departments": departmentChoices(values["department"].flatMap(StaffMember.Department.init(rawValue:)), console),
            "stores": storeOptions(await stores(console), selected: values["store"].flatMap(Self.id)),
            "roles": try await roleChoices(roles, console),
        ]
        return page(status: status, "staff-new", titleKey: "staff_page.new", data: data, console)
    }

    func roleChoices(_ checked: Set<String>, _ console: ConsoleRequest) async throws -> [[String: Any]] {
        try await services.roles.list(by: console.caller).map { role in
            ["value": role.name, "label": roleName(role, console), "checked": checked.contains(role.name), "storeScoped": role.storeScoped]
        }
    }

    func staffPage(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let member = try await services.staff.find(id, by: console.caller)
        return try await staffPage(console, member: member, notice: doneNotice(console))
    }

    /// A member's page. `password` is a generated password, shown this once and never stored in clear.
    func staffPage(_ console: ConsoleRequest, member: StaffMember, notice: String? = nil, password: String? = nil,
                   values: [String: String]? = nil, checkedRoles: Set<String>? = nil, errors: [String: String] = [:],
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let names = await storeNames(console)
        let roles = try await services.roles.list(by: console.caller)
        let canManage = console.caller.grants.allows(.staffManage, inStore: member.homeStoreId)
            && (member.homeStoreId != nil || console.caller.grants.everywhere.contains(.staffManage))
        var data: [String: Any] = [
            "member": staffSummary(member, storeNames: names, roles: roles, console),
            "created": format.time(member.createdAt), "canManage": canManage, "errors": errors,
        ]
        if let until = try await services.staff.lockedUntil(member.id, by: console.caller) { data["lockedUntil"] = format.time(until) }
        if canManage {
            let values = values ?? ["displayName": member.displayName, "department": member.department.rawValue,
                                    "store": member.homeStoreId?.uuidString.lowercased() ?? "", "active": member.isActive ? "on" : ""]
            data["edit"] = [
                "values": values, "active": values["active"] == "on",
                "departments": departmentChoices(values["department"].flatMap(StaffMember.Department.init(rawValue:)), console),
                "stores": storeOptions(await stores(console), selected: values["store"].flatMap(Self.id)),
                "roles": try await roleChoices(checkedRoles ?? Set(member.roles), console),
            ] as [String: Any]
        }
        if let notice { data["notice"] = notice }
        if let password { data["password"] = password }
        return page(status: status, "staff-member", titleKey: "staff_page.member_title", titleValues: ["name": member.displayName],
                    data: data, console)
    }

    /// POST: name, department, home store, roles and the active flag.
    func updateStaff(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let member = try await services.staff.find(id, by: console.caller)
        let form = console.form
        let values = ["displayName": form["displayName"] ?? "", "department": form["department"] ?? "", "store": form["store"] ?? "",
                      "active": form["active"] ?? ""]
        var errors: [String: String] = [:]
        let department = form["department"].flatMap(StaffMember.Department.init(rawValue:))
        if department == nil { errors["department"] = text("staff_page.department_required", console) }
        let store = form["store"].flatMap(Self.id)
        if form["store"] != nil, store == nil { errors["homeStoreId"] = text("staff_page.store_invalid", console) }
        if errors.isEmpty {
            let changes = StaffService.Changes(displayName: form["displayName"] ?? "", department: department, homeStoreId: .some(store),
                                               roles: form.all("roles"), isActive: form["active"] != nil)
            do {
                _ = try await services.staff.update(id, changes, by: console.caller, requestId: console.requestId)
                return redirect(to: "/console/staff/\(id.uuidString.lowercased())?done=saved")
            } catch {
                errors = try Self.fieldErrors(error, default: "displayName")
            }
        }
        return try await staffPage(console, member: member, values: values, checkedRoles: Set(form.all("roles")), errors: errors,
                                   status: .unprocessableContent)
    }

    /// POST: sets the password typed, or generates one and shows it once.
    func resetStaffPassword(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let member = try await services.staff.find(id, by: console.caller)
        let generated = console.form["password"] == nil ? RandomSecretIssuer.newPassword() : nil
        do {
            let updated = try await services.staff.update(id, StaffService.Changes(password: console.form["password"] ?? generated),
                                                          by: console.caller, requestId: console.requestId)
            return try await staffPage(console, member: updated, notice: text("staff_page.password_set", console), password: generated)
        } catch {
            return try await staffPage(console, member: member, errors: try Self.fieldErrors(error, default: "password"),
                                       status: .unprocessableContent)
        }
    }

    func unlockStaff(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try await services.staff.unlock(id, by: console.caller, requestId: console.requestId)
        return redirect(to: "/console/staff/\(id.uuidString.lowercased())?done=unlocked")
    }

    /// POST with the confirmation box ticked: the account can no longer sign in; its history stays.
    func deactivateStaff(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let member = try await services.staff.find(id, by: console.caller)
        guard console.form["confirm"] == "yes" else {
            return try await staffPage(console, member: member, errors: ["confirm": text("admin_common.confirm_required", console)],
                                       status: .unprocessableContent)
        }
        do {
            _ = try await services.staff.update(id, StaffService.Changes(isActive: false), by: console.caller, requestId: console.requestId)
            return redirect(to: "/console/staff/\(id.uuidString.lowercased())?done=deactivated")
        } catch {
            return try await staffPage(console, member: member, errors: try Self.fieldErrors(error, default: "confirm"),
                                       status: .unprocessableContent)
        }
    }
}
