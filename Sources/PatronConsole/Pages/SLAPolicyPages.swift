import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// SLA policies, calendars and the SLA report: readers of tickets see policies and calendars, supervisors
/// change them; the report is for ticket readers and analysts.
extension Console {
    func registerSLAPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        slaGet(group, "sla/policies") { console, _ in try await self.slaPolicyList(console) }
        slaGet(group, "sla/policies/new") { console, _ in try await self.slaPolicyForm(console, id: nil) }
        slaPost(group, "sla/policies") { console, _ in try await self.saveSLAPolicy(console, id: nil) }
        slaGet(group, "sla/policies/:id") { console, id in try await self.slaPolicyForm(console, id: id) }
        slaPost(group, "sla/policies/:id") { console, id in try await self.saveSLAPolicy(console, id: id) }
        slaPost(group, "sla/policies/:id/delete") { console, id in try await self.deleteSLAPolicy(console, id: id) }
        slaGet(group, "sla/calendars") { console, _ in try await self.slaCalendarList(console) }
        slaGet(group, "sla/calendars/new") { console, _ in try await self.slaCalendarForm(console, code: nil) }
        slaPost(group, "sla/calendars") { console, _ in try await self.saveSLACalendar(console, code: nil) }
        slaGet(group, "sla/calendars/:id") { console, code in try await self.slaCalendarForm(console, code: code) }
        slaPost(group, "sla/calendars/:id") { console, code in try await self.saveSLACalendar(console, code: code) }
        slaPost(group, "sla/calendars/:id/delete") { console, code in try await self.deleteSLACalendar(console, code: code) }
        slaGet(group, "sla/report") { console, _ in try await self.slaReportPage(console) }
    }

    private func slaGet<Context: RequestContext>(_ group: RouterGroup<Context>, _ path: RouterPath,
                                                 _ handler: @escaping @Sendable (ConsoleRequest, String?) async throws -> Response) {
        group.get(path) { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await handler($0, id) }
        }
    }

    private func slaPost<Context: RequestContext>(_ group: RouterGroup<Context>, _ path: RouterPath,
                                                  _ handler: @escaping @Sendable (ConsoleRequest, String?) async throws -> Response) {
        group.post(path) { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await handler($0, id) }
        }
    }

    func slaChannelName(_ channel: String?, _ console: ConsoleRequest) -> String {
        text("sla_common.channel.\(channel ?? "any")", console)
    }

    func slaPolicyList(_ console: ConsoleRequest) async throws -> Response {
        let policies = try await services.sla.policies(by: console.caller)
        let rows: [[String: Any]] = policies.map { policy in
            ["id": policy.id.uuidString.lowercased(), "name": policy.name, "channel": slaChannelName(policy.channel, console),
             "priority": text("sla_common.priority.\(policy.priority.rawValue)", console),
             "firstResponse": ConsoleFormat.number(policy.firstResponseMinutes), "nextResponse": ConsoleFormat.number(policy.nextResponseMinutes),
             "resolution": ConsoleFormat.number(policy.resolutionMinutes),
             "calendar": policy.calendarCode ?? text("sla_policies.store_or_centre", console)]
        }
        var data: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty, "canManage": console.holds(.ticketsSupervise)]
        if let notice = doneNotice(console) { data["notice"] = notice }
        return page("sla-policies", titleKey: "sla_policies.title", data: data, console)
    }

    func slaPolicyForm(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        try console.caller.require(.ticketsSupervise)
        guard let rawId else {
            return try await slaPolicyPage(console, id: nil, values: ["priority": "normal", "firstResponse": "60", "nextResponse": "60",
                                                                      "resolution": "480"], errors: [:])
        }
        guard let id = Self.id(rawId) else { return notFound(console) }
        let policy = try await services.sla.policy(id, by: console.caller)
        let values = ["name": policy.name, "channel": policy.channel ?? "", "priority": policy.priority.rawValue,
                      "firstResponse": String(policy.firstResponseMinutes), "nextResponse": String(policy.nextResponseMinutes),
                      "resolution": String(policy.resolutionMinutes), "calendarCode": policy.calendarCode ?? ""]
        return try await slaPolicyPage(console, id: id, values: values, errors: [:])
    }

    /// POST: creates (no id) or replaces a policy; a refusal is shown beside its field (422).
    func saveSLAPolicy(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        try console.caller.require(.ticketsSupervise)
        var id = UUID()
        if let rawId {
            guard let existing = Self.id(rawId) else { return notFound(console) }
            id = try await services.sla.policy(existing, by: console.caller).id
        }
        let form = console.form
        var values: [String: String] = [:]
        for field in ["name", "channel", "priority", "firstResponse", "nextResponse", "resolution", "calendarCode"] { values[field] = form[field] ?? "" }
        var errors: [String: String] = [:]
        let minutes = ["firstResponse", "nextResponse", "resolution"].map { Int(values[$0] ?? "") }
        for (field, value) in zip(["firstResponse", "nextResponse", "resolution"], minutes) where value == nil {
            errors[field] = text("sla_policies.minutes_invalid", console)
        }
        if errors.isEmpty, let priority = SLAPriority(rawValue: values["priority"] ?? "") {
            let channel = values["channel"].flatMap { $0.isEmpty ? nil : $0 }
            let calendar = values["calendarCode"].flatMap { $0.isEmpty ? nil : $0 }
            let policy = SLAPolicy(id: id, name: values["name"] ?? "", channel: channel, priority: priority, firstResponseMinutes: minutes[0] ?? 0,
                                   nextResponseMinutes: minutes[1] ?? 0, resolutionMinutes: minutes[2] ?? 0, calendarCode: calendar)
            do {
                _ = try await services.sla.savePolicy(policy, by: console.caller, requestId: console.requestId)
                return redirect(to: "/console/sla/policies?done=\(rawId == nil ? "created" : "saved")")
            } catch {
                errors = try Self.fieldErrors(error, default: "name")
            }
        } else if errors.isEmpty {
            errors["priority"] = text("sla_policies.priority_invalid", console)
        }
        return try await slaPolicyPage(console, id: rawId == nil ? nil : id, values: values, errors: Self.slaFormErrors(errors), status: .unprocessableContent)
    }

    func deleteSLAPolicy(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try await services.sla.deletePolicy(id, by: console.caller, requestId: console.requestId)
        return redirect(to: "/console/sla/policies?done=deleted")
    }

    /// The form names its minute fields shorter than the domain does.
    static func slaFormErrors(_ errors: [String: String]) -> [String: String] {
        let names = ["firstResponseMinutes": "firstResponse", "nextResponseMinutes": "nextResponse", "resolutionMinutes": "resolution"]
        return Dictionary(errors.map { (names[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    func slaPolicyPage(_ console: ConsoleRequest, id: UUID?, values: [String: String], errors: [String: String],
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let calendars = try await services.sla.calendars(by: console.caller)
        let data: [String: Any] = [
            "values": values, "errors": errors, "isNew": id == nil,
            "action": id.map { "/console/sla/policies/\($0.uuidString.lowercased())" } ?? "/console/sla/policies",
            "channels": ([""] + SLAPolicy.channels).map { ["value": $0, "label": slaChannelName($0.isEmpty ? nil : $0, console),
                                                          "selected": $0 == values["channel"]] as [String: Any] },
            "priorities": SLAPriority.allCases.map { ["value": $0.rawValue, "label": text("sla_common.priority.\($0.rawValue)", console),
                                                      "selected": $0.rawValue == values["priority"]] as [String: Any] },
            "calendars": [["value": "", "label": text("sla_policies.store_or_centre", console), "selected": (values["calendarCode"] ?? "").isEmpty]]
                + calendars.map { ["value": $0.code, "label": "\($0.name) (\($0.code))", "selected": $0.code == values["calendarCode"]] as [String: Any] },
        ]
        return page(status: status, "sla-policy", titleKey: id == nil ? "sla_policies.new" : "sla_policies.edit_title", data: data, console)
    }
}
