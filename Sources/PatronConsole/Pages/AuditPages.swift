import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The audit log for `audit.view`: filtered by who, what, which customer, which days (in the chain's time
/// zone) and how it ended; newest first, each entry's details folded away.
extension Console {
    func auditPage(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.auditView)
        let q = console.query
        var filter = AuditFilter(action: q["action"])
        var errors: [String: String] = [:]
        if let actor = q["actor"] {
            guard let id = Self.id(actor) else { return try await auditPage(console, errors: ["actor": text("audit_page.actor_invalid", console)]) }
            filter.actorId = id.uuidString.lowercased()
        }
        if let customer = q["customer"] {
            if let id = Self.id(customer) {
                filter.resourceType = "customer"
                filter.resourceId = id.uuidString.lowercased()
            } else {
                errors["customer"] = text("audit_page.customer_invalid", console)
            }
        }
        if let from = q["from"] {
            filter.from = format.parseDay(from)
            if filter.from == nil { errors["from"] = text("audit_page.day_invalid", console) }
        }
        if let to = q["to"] {
            filter.to = format.parseDay(to).flatMap { Calendar(identifier: .gregorian).date(byAdding: .day, value: 1, to: $0) }
            if filter.to == nil { errors["to"] = text("audit_page.day_invalid", console) }
        }
        if let outcome = q["outcome"] {
            filter.outcome = AuditEvent.Outcome(rawValue: outcome)
            if filter.outcome == nil { errors["outcome"] = text("audit_page.outcome_invalid", console) }
        }
        return try await auditPage(console, filter: filter, errors: errors)
    }

    func auditPage(_ console: ConsoleRequest, filter: AuditFilter = AuditFilter(), errors: [String: String]) async throws -> Response {
        let q = console.query
        var errors = errors
        var rows: [[String: Any]] = []
        var next: String?
        if errors.isEmpty {
            do {
                let page = try await services.audit.list(filter, page: try PageRequest(cursor: q["cursor"], limit: 50), by: console.caller)
                rows = page.items.map { auditRow($0, console) }
                next = nextPageLink(console, cursor: page.nextCursor)
            } catch {
                errors = try Self.fieldErrors(error, default: "from")
            }
        }
        var actors: [[String: Any]] = []
        if console.holds(.staffRead), let staff = try? await services.staff.list(try PageRequest(limit: PageRequest.maxLimit), by: console.caller) {
            actors = staff.items.map { ["id": $0.id.uuidString.lowercased(), "name": "\($0.username) · \($0.displayName)",
                                        "selected": $0.id.uuidString.lowercased() == q["actor"]?.lowercased()] }
        }
        var data: [String: Any] = [
            "actor": q["actor"] ?? "", "action": q["action"] ?? "", "customer": q["customer"] ?? "", "from": q["from"] ?? "", "to": q["to"] ?? "",
            "actors": actors, "hasActors": !actors.isEmpty,
            "outcomes": AuditEvent.Outcome.allCases.map { ["value": $0.rawValue, "label": text("audit_page.result.\($0.rawValue)", console),
                                                           "selected": $0.rawValue == q["outcome"]] as [String: Any] },
            "errors": errors, "rows": rows, "hasRows": !rows.isEmpty, "showEmpty": errors.isEmpty && rows.isEmpty,
        ]
        if let next { data["next"] = next }
        return page(status: errors.isEmpty ? .ok : .unprocessableContent, "audit", titleKey: "audit_page.title", data: data, console)
    }

    func auditRow(_ event: AuditEvent, _ console: ConsoleRequest) -> [String: Any] {
        var details = event.details.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }
        if !event.fields.isEmpty { details.append(["key": "fields", "value": event.fields.joined(separator: ", ")]) }
        if let purpose = event.purpose { details.append(["key": "purpose", "value": purpose]) }
        var row: [String: Any] = [
            "time": format.time(event.at), "actor": event.actor.name ?? event.actor.id ?? event.actor.kind.rawValue,
            "actorKind": text("audit_page.actor_kind.\(event.actor.kind.rawValue)", console), "action": event.action,
            "resource": [event.resourceType, event.resourceId].compactMap { $0 }.joined(separator: " "),
            "outcome": text("audit_page.result.\(event.outcome.rawValue)", console), "failed": event.outcome != .success,
            "details": details, "hasDetails": !details.isEmpty,
        ]
        if let requestId = event.requestId { row["requestId"] = requestId }
        return row
    }
}
