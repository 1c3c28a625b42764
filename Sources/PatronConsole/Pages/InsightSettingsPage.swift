import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The insight rules in words — which R and F scores make each segment, when a customer counts as new, at
/// risk, churned or reactivated, and the forecast's horizon — so a marketer reading the dashboard knows what
/// the labels mean; `settings.manage` edits them as the same JSON `PUT /settings/insight` takes, and the
/// domain's objection is shown beside it. A change applies from the next refresh (or the next order of each
/// customer).
extension Console {
    func insightSettingsPage(_ console: ConsoleRequest, draft: String? = nil, error: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        if !console.holds(.settingsManage) { try console.caller.require(.analyticsView) }
        let settings = try await services.insight.settings(by: console.caller)
        let l = settings.lifecycle
        let percent = { (share: Double) in ConsoleFormat.number(Int((share * 100).rounded())) + "%" }
        var data: [String: Any] = [
            "segmentRules": settings.segments.map { rule -> [String: Any] in
                ["code": rule.segment.rawValue, "name": text("insight.segment.\(rule.segment.rawValue)", console),
                 "r": Self.scoreRange(rule.recency), "f": Self.scoreRange(rule.frequency)]
            },
            "lifecycleRules": [
                text("insight_settings.rule_churned", console, ["days": String(l.churnedDays), "share": percent(l.churnedPAlive)]),
                text("insight_settings.rule_at_risk", console, ["days": String(l.atRiskDays), "share": percent(l.atRiskPAlive)]),
                text("insight_settings.rule_new", console, ["days": String(l.newDays)]),
                text("insight_settings.rule_reactivated", console, ["days": String(l.reactivatedDays)]),
                text("insight_settings.rule_active", console),
            ],
            "forecast": text("insight_settings.forecast", console, [
                "weeks": String(settings.horizonWeeks), "months": String(settings.clvMonths),
                "rate": String(format: "%.2f%%", settings.monthlyDiscountRate * 100),
            ]),
            "canEdit": console.holds(.settingsManage),
        ]
        if console.holds(.settingsManage) { data["json"] = try draft ?? Self.settingsJSON(settings) }
        if let error { data["error"] = error }
        if let notice = doneNotice(console) { data["notice"] = notice }
        return page(status: status, "insight-settings", titleKey: "insight_settings.title", data: data, console)
    }

    /// POST: the settings as JSON; a syntax error or a rule the domain refuses re-renders the text as typed (422).
    func saveInsightSettings(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.settingsManage)
        let json = console.form["settings"] ?? ""
        do {
            let settings: InsightSettings
            do {
                settings = try JSONDecoder().decode(InsightSettings.self, from: Data(json.utf8))
            } catch {
                throw PatronError.invalid(field: "settings", message: text("insight_settings.not_json", console))
            }
            try await services.insight.saveSettings(settings, by: console.caller, requestId: console.requestId)
            return redirect(to: "/console/insight/settings?done=saved")
        } catch {
            let message = try Self.fieldErrors(error, default: "settings").map { field, message in
                field == "settings" ? message : "\(field): \(message)"
            }.joined(separator: "; ")
            return try await insightSettingsPage(console, draft: json, error: message, status: .unprocessableContent)
        }
    }

    static func scoreRange(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }

    static func settingsJSON(_ settings: InsightSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }
}
