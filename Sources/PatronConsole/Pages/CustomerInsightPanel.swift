import Foundation
import PatronCore
import PatronStorage

/// The customer page's insight panel: where the customer stands (RFM segment, lifecycle stage), what the
/// models expect of them (P(alive), purchases, lifetime value), their persona tags and what to offer next,
/// each with the reason a sales associate can say out loud.
extension Console {
    func customerInsightPanel(for id: Customer.ID, _ console: ConsoleRequest) async throws -> [String: Any] {
        let insight = try await services.insight.insight(of: id, by: console.caller)
        var panel: [String: Any] = [
            "stage": text("insight.stage.\(insight.stage.rawValue)", console),
            "stageCode": insight.stage.rawValue,
            "computedAt": format.time(insight.computedAt),
        ]
        if let segment = insight.segment {
            panel["segment"] = text("insight.segment.\(segment.rawValue)", console)
            panel["segmentCode"] = segment.rawValue
        }
        if let rfm = insight.rfm { panel["rfm"] = "R\(rfm.r) F\(rfm.f) M\(rfm.m)" }
        if let forecast = insight.forecast {
            panel["forecast"] = [
                "pAlive": String(format: "%.0f%%", forecast.pAlive * 100),
                "expectedPurchases": String(format: "%.1f", forecast.expectedPurchases),
                "expectedSpend": ConsoleFormat.money(forecast.expectedSpendMinor),
                "clv": ConsoleFormat.money(forecast.clvMinor),
            ]
        }
        let tags = try await services.personas.personas(of: id, by: console.caller)
        panel["personas"] = tags.map { entry -> [String: Any] in
            let kind = entry.tag.kind
            let value = kind.values == nil ? entry.tag.value : text("insight.persona.\(kind.rawValue).\(entry.tag.value)", console)
            return ["kind": text("insight.persona.\(kind.rawValue).label", console), "value": value]
        }
        panel["hasPersonas"] = !tags.isEmpty
        let recommendations = try await services.recommendations.recommendations(for: id, limit: 6, by: console.caller)
        panel["recommendations"] = recommendations.map { item -> [String: Any] in
            let reason: String = switch item.reason {
            case .boughtWith(_, let name): text("insight.reason.bought_with", console, ["product": name])
            case .popularInCategory(_, let name?): text("insight.reason.popular_in", console, ["category": name])
            case .popularInCategory(_, nil): text("insight.reason.popular", console)
            }
            return ["sku": item.sku, "name": item.name, "reason": reason]
        }
        panel["hasRecommendations"] = !recommendations.isEmpty
        return panel
    }
}
