import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The suggestion moderation queue and one suggestion with its moderation form (suggestions.moderate).
extension Console {
    func registerSuggestionPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("suggestions") { request, _ in await self.serve(request) { try await self.suggestionQueue($0) } }
        group.get("suggestions/:id") { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await self.suggestionPage($0, id: id) }
        }
        group.post("suggestions/:id") { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await self.moderateSuggestion($0, id: id) }
        }
    }

    func suggestionQueue(_ console: ConsoleRequest) async throws -> Response {
        let status = console.query["status"].flatMap(Suggestion.Status.init(rawValue:))
        let page = try await services.suggestions.list(SuggestionFilter(status: status), page: try PageRequest(cursor: console.query["cursor"], limit: 50),
                                                       by: console.caller)
        let rows: [[String: Any]] = page.items.map { suggestion in
            var row: [String: Any] = [
                "href": "/console/suggestions/\(suggestion.id.uuidString.lowercased())", "time": format.time(suggestion.createdAt),
                "category": text("suggest.category.\(suggestion.category.rawValue)", console),
                "status": text("suggest.status.\(suggestion.status.rawValue)", console),
                "excerpt": suggestion.text.count > 80 ? String(suggestion.text.prefix(80)) + "…" : suggestion.text,
            ]
            if let department = suggestion.department { row["department"] = text("department.\(department.rawValue)", console) }
            return row
        }
        var data: [String: Any] = [
            "statuses": Suggestion.Status.allCases.map { ["value": $0.rawValue, "label": text("suggest.status.\($0.rawValue)", console), "selected": $0 == status] },
            "rows": rows, "hasRows": !rows.isEmpty,
        ]
        if let next = nextPageLink(console, cursor: page.nextCursor) { data["next"] = next }
        return self.page("suggestions", titleKey: "suggestions.title", data: data, console)
    }

    func suggestionPage(_ console: ConsoleRequest, id: String?) async throws -> Response {
        guard let id = Self.id(id) else { return notFound(console) }
        let suggestion = try await services.suggestions.find(id, by: console.caller)
        var data: [String: Any] = [
            "action": "/console/suggestions/\(id.uuidString.lowercased())", "text": suggestion.text, "time": format.time(suggestion.createdAt),
            "category": text("suggest.category.\(suggestion.category.rawValue)", console),
            "status": text("suggest.status.\(suggestion.status.rawValue)", console), "replySent": suggestion.replySent,
            "statuses": Suggestion.Status.allCases.filter { $0 != .received }.map {
                ["value": $0.rawValue, "label": text("suggest.status.\($0.rawValue)", console)]
            },
            "departments": StaffMember.Department.allCases.map {
                ["value": $0.rawValue, "label": text("department.\($0.rawValue)", console)]
            },
        ]
        if let reply = suggestion.publicReply { data["reply"] = reply }
        if let contact = suggestion.contact { data["contact"] = contact.masked }
        if let department = suggestion.department { data["department"] = text("department.\(department.rawValue)", console) }
        return page("suggestion", titleKey: "suggestions.detail_title", data: data, console)
    }

    func moderateSuggestion(_ console: ConsoleRequest, id: String?) async throws -> Response {
        guard let id = Self.id(id) else { return notFound(console) }
        let change = SuggestionChange(status: console.form["status"].flatMap(Suggestion.Status.init(rawValue:)),
                                      department: console.form["department"].flatMap(StaffMember.Department.init(rawValue:)),
                                      publicReply: console.form["reply"])
        _ = try await services.suggestions.moderate(id, change, by: console.caller)
        return redirect(to: "/console/suggestions/\(id.uuidString.lowercased())")
    }
}
