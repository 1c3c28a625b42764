import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Today and this month at the caller's scope, the last 30 days drawn as a chart, tiers and points owed.
extension Console {
    func home(_ console: ConsoleRequest) async throws -> Response {
        guard console.holds(.ordersRead) else {
            return page("home", titleKey: "home.title", data: ["welcome": true, "name": console.member.displayName], console)
        }
        let overview = try await services.salesOverview.overview(timeZone: configuration.timeZone, currency: configuration.currency,
                                                                 by: console.caller)
        let money = { (minor: Int64) in ConsoleFormat.money(minor, overview.currency) }
        func tiles(_ figures: SalesFigures) -> [String: Any] {
            ["sales": money(figures.salesMinor), "orders": ConsoleFormat.number(figures.orders),
             "returns": ConsoleFormat.number(figures.returns), "refunds": money(figures.refundsMinor),
             "newMembers": ConsoleFormat.number(figures.newMembers)]
        }
        let chart = SVGBarChart(bars: overview.last30Days.map {
            .init(label: format.shortDay($0.day), value: $0.salesMinor,
                  title: "\(format.day($0.day)): \(money($0.salesMinor)), \(text("home.orders_count", console, ["count": ConsoleFormat.number($0.orders)]))")
        }).render(caption: text("home.chart_caption", console))
        let programme = try await services.membership.programme(by: console.caller)
        let totalMembers = max(overview.tiers.reduce(0) { $0 + $1.members }, 1)
        let tiers: [[String: Any]] = overview.tiers.map { tier in
            let known = programme.tiers.first { $0.code == tier.code }
            return ["name": known.map { console.language == .zhCN ? $0.nameZh : $0.nameEn } ?? tier.code,
                    "members": ConsoleFormat.number(tier.members),
                    "percent": tier.members * 100 / totalMembers]
        }
        var data: [String: Any] = ["today": tiles(overview.today), "month": tiles(overview.month), "chart": chart,
                                   "tiers": tiers, "hasTiers": !tiers.isEmpty,
                                   "scope": console.caller.grants.storeFilter(for: .ordersRead) == .all
                                       ? text("home.scope_chain", console) : text("home.scope_store", console)]
        if let liability = overview.liability {
            data["liability"] = ["points": ConsoleFormat.number(liability.availablePoints + liability.pendingPoints),
                                 "value": ConsoleFormat.money(liability.valueMinor, liability.currency),
                                 "members": ConsoleFormat.number(liability.members)]
        }
        return page("home", titleKey: "home.title", data: data, console)
    }
}
