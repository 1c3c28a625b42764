import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Survey results (CSAT and NPS by store, staff or channel, the NPS trend, recent comments) and the
/// templates. The service decides who may see what: results need analytics.view or surveys.manage, comments
/// also customers.read; changing a template needs surveys.manage.
extension Console {
    func registerSurveyPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("surveys") { request, _ in await self.serve(request) { try await self.surveyResultsPage($0) } }
        group.get("surveys/templates") { request, _ in await self.serve(request) { try await self.surveyTemplatesPage($0) } }
        group.get("surveys/templates/:id") { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await self.surveyTemplatePage($0, id: id) }
        }
        group.post("surveys/templates/:id") { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await self.saveSurveyTemplate($0, id: id) }
        }
    }

    static let surveyWindows = [30, 90, 365]
    static let surveyGroupings: [SurveyResultsQuery.Grouping] = [.store, .staff, .channel]

    func surveyResultsPage(_ console: ConsoleRequest) async throws -> Response {
        let days = console.query["days"].flatMap(Int.init).flatMap { Self.surveyWindows.contains($0) ? $0 : nil } ?? 90
        let grouping = console.query["group"].flatMap(SurveyResultsQuery.Grouping.init(rawValue:)).flatMap { Self.surveyGroupings.contains($0) ? $0 : nil }
            ?? .store
        let now = Date()
        let from = now.addingTimeInterval(-Double(days) * 86_400)
        let results = try await services.surveys.results(SurveyResultsQuery(from: from, to: now.addingTimeInterval(60), groupBy: grouping,
                                                                            timeZone: format.timeZone, comments: 20), by: console.caller)
        let trend = try await services.surveys.results(SurveyResultsQuery(from: from, to: now.addingTimeInterval(60), groupBy: days > 90 ? .month : .week,
                                                                          timeZone: format.timeZone, comments: 0), by: console.caller)
        var storeNames: [String: String] = [:]
        if console.holds(.storesRead), let stores = try? await services.stores.list(try PageRequest(limit: PageRequest.maxLimit), by: console.caller) {
            for store in stores.items { storeNames[store.id.uuidString.lowercased()] = "\(store.code) · \(store.name)" }
        }
        func label(_ key: String) -> String {
            if key == "none" { return text("surveys.none", console) }
            switch grouping {
            case .store: return storeNames[key] ?? key
            case .channel: return text("surveys.channel.\(key)", console)
            default: return key
            }
        }
        let rows: [[String: Any]] = results.groups.map { group in
            ["label": label(group.key), "responses": String(group.score.responses)].merging(Self.scoreCells(group.score)) { $1 }
        }
        let points = trend.groups.compactMap { group in
            group.score.nps.map { SVGLineChart.Point(label: group.key, value: $0, title: "\(group.key): NPS \(Int($0.rounded())) (\(group.score.npsCount))") }
        }
        var data: [String: Any] = [
            "windows": Self.surveyWindows.map { ["value": String($0), "label": text("surveys.days", console, ["days": String($0)]), "selected": $0 == days] },
            "groupings": Self.surveyGroupings.map { ["value": $0.rawValue, "label": text("surveys.group.\($0.rawValue)", console), "selected": $0 == grouping] },
            "overall": ["responses": String(results.overall.responses)].merging(Self.scoreCells(results.overall)) { $1 },
            "rows": rows, "hasRows": !rows.isEmpty,
            "comments": results.comments.map { comment in
                ["time": format.time(comment.at), "text": comment.text, "channel": text("surveys.channel.\(comment.channel.rawValue)", console),
                 "scores": [comment.csat.map { "CSAT \($0)/5" }, comment.nps.map { "NPS \($0)/10" }].compactMap { $0 }.joined(separator: " · "),
                 "low": (comment.csat.map { $0 <= 2 } ?? false) || (comment.nps.map { $0 <= 6 } ?? false)] as [String: Any]
            },
            "hasComments": !results.comments.isEmpty, "canManage": console.holds(.surveysManage),
        ]
        if points.count > 0 { data["trend"] = SVGLineChart(points: points).render(caption: text("surveys.trend", console)) }
        return page("surveys", titleKey: "surveys.title", data: data, console)
    }

    static func scoreCells(_ score: SurveyScore) -> [String: String] {
        ["csat": score.csatAverage.map { String(format: "%.1f", $0) } ?? "–",
         "satisfied": score.satisfiedPercent.map { String(format: "%.0f%%", $0) } ?? "–",
         "nps": score.nps.map { String(format: "%+.0f", $0) } ?? "–", "npsCount": String(score.npsCount)]
    }

    func surveyTemplatesPage(_ console: ConsoleRequest) async throws -> Response {
        let templates = try await services.surveys.templates(by: console.caller)
        let rows: [[String: Any]] = templates.map { template in
            ["href": "/console/surveys/templates/\(template.id.uuidString.lowercased())", "name": template.name,
             "title": template.title.text(for: console.language.rawValue), "trigger": triggerLabel(template.trigger, console),
             "channel": text("surveys.channel.\(template.channel.rawValue)", console), "questions": String(template.questions.count),
             "active": template.active]
        }
        return page("survey-templates", titleKey: "surveys.templates_title", data: ["rows": rows, "hasRows": !rows.isEmpty], console)
    }

    func triggerLabel(_ trigger: SurveyTrigger, _ console: ConsoleRequest) -> String {
        switch trigger {
        case .afterPurchase(let days): text("surveys.trigger.after_purchase", console, ["days": String(days)])
        case .onTicketResolved: text("surveys.trigger.on_ticket_resolved", console)
        case .manual: text("surveys.trigger.manual", console)
        }
    }

    func surveyTemplatePage(_ console: ConsoleRequest, id: String?, saved: Bool = false) async throws -> Response {
        guard let id = Self.id(id) else { return notFound(console) }
        let template = try await services.surveys.template(id, by: console.caller)
        let language = console.language.rawValue
        var data: [String: Any] = [
            "action": "/console/surveys/templates/\(id.uuidString.lowercased())", "name": template.name, "title": template.title.text(for: language),
            "trigger": triggerLabel(template.trigger, console), "channel": text("surveys.channel.\(template.channel.rawValue)", console),
            "validityDays": String(template.validityDays), "csatAtMost": String(template.lowScore.csatAtMost),
            "npsAtMost": String(template.lowScore.npsAtMost), "active": template.active, "canManage": console.holds(.surveysManage),
            "questions": template.questions.map { question in
                ["key": question.key, "prompt": question.prompt.text(for: language), "kind": text("surveys.kind.\(question.kind.rawValue)", console),
                 "options": question.options.map { $0.label.text(for: language) }.joined(separator: " / "), "required": question.required] as [String: Any]
            },
        ]
        if saved { data["saved"] = true }
        return page("survey-template", titleKey: "surveys.template_title", titleValues: ["name": template.name], data: data, console)
    }

    /// Switches a template on or off and sets its low-score thresholds; questions are edited through the API.
    func saveSurveyTemplate(_ console: ConsoleRequest, id: String?) async throws -> Response {
        guard let id = Self.id(id) else { return notFound(console) }
        var template = try await services.surveys.template(id, by: console.caller)
        template.active = console.form["active"] == "1"
        if let csat = console.form["csatAtMost"].flatMap(Int.init) { template.lowScore.csatAtMost = csat }
        if let nps = console.form["npsAtMost"].flatMap(Int.init) { template.lowScore.npsAtMost = nps }
        _ = try await services.surveys.updateTemplate(template, by: console.caller)
        return redirect(to: "/console/surveys/templates/\(id.uuidString.lowercased())")
    }
}
