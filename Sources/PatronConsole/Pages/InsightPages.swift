import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The insight section: the KPI dashboard with its charts drawn on the server, and the drill-down from an
/// RFM segment to the customers in it. Figures come from the last analytics refresh and say when that was.
extension Console {
    static let insightPeriods: [KPIPeriod] = [.day, .week, .month]

    func registerInsightPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("insight") { request, _ in await self.serve(request) { try await self.insightDashboard($0) } }
        group.get("insight/segments/:segment") { request, context in
            let segment = context.parameters.get("segment")
            return await self.serve(request) { try await self.insightSegment($0, code: segment) }
        }
    }

    func insightDashboard(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.analyticsView)
        let zone = configuration.timeZone
        let today = ServiceDate.day(of: Date(), in: zone)
        let period = console.query["period"].flatMap(KPIPeriod.init(rawValue:)).flatMap { Self.insightPeriods.contains($0) ? $0 : nil } ?? .week
        let fallback = try KPIRange(first: today.adding(days: -89), last: today)
        let range = (try? KPIRange(from: console.query["from"] ?? "", to: console.query["to"] ?? "")) ?? fallback
        let series = try await services.kpis.kpis(range, period: period, by: console.caller)
        let rfm = try await services.insight.rfm(by: console.caller)
        let lifecycle = try await services.insight.lifecycle(by: console.caller)
        let clv = try await services.insight.clvDistribution(by: console.caller)
        let cohorts = try await services.kpis.cohorts(try KPIRange(first: today.adding(days: -364), last: today), by: console.caller)
        var data: [String: Any] = [
            "from": range.first.description, "to": range.last.description,
            "periods": Self.insightPeriods.map { ["value": $0.rawValue, "label": text("insight.period.\($0.rawValue)", console), "selected": $0 == period] as [String: Any] },
            "cards": kpiCards(series.total, console),
            "salesChart": salesChart(series, console),
            "tierChart": SVGBarChart(bars: series.membership.tiers.map {
                .init(label: $0.tier, value: $0.members, title: "\($0.tier): \(ConsoleFormat.number($0.members))")
            }).render(caption: text("insight.tiers", console)),
            "hasTiers": !series.membership.tiers.isEmpty,
            "rfmGrid": rfmGrid(rfm, console),
            "segments": rfm.segments.map { entry -> [String: Any] in
                ["code": entry.segment.rawValue, "name": text("insight.segment.\(entry.segment.rawValue)", console),
                 "customers": ConsoleFormat.number(entry.customers)]
            },
            "stages": LifecycleStage.allCases.map { stage -> [String: Any] in
                ["code": stage.rawValue, "name": text("insight.stage.\(stage.rawValue)", console),
                 "customers": ConsoleFormat.number(lifecycle.stages[stage] ?? 0)]
            },
            "clvChart": clvChart(clv, console),
            "hasCLV": !clv.bands.isEmpty,
            "clvWithout": text("insight.clv_without_forecast", console, ["count": ConsoleFormat.number(clv.withoutForecast)]),
            "cohortChart": cohortChart(cohorts, console),
            "hasCohorts": !cohorts.rows.isEmpty,
        ]
        if let computed = rfm.computedAt {
            data["computedAt"] = format.time(computed)
        } else {
            data["neverComputed"] = true
        }
        return page("insight", titleKey: "insight.title", data: data, console)
    }

    func insightSegment(_ console: ConsoleRequest, code: String?) async throws -> Response {
        guard let segment = code.flatMap(RFMSegment.init(rawValue:)) else { return notFound(console) }
        let page = try await services.insight.members(of: segment, page: try PageRequest(cursor: console.query["cursor"], limit: 50),
                                                      by: console.caller)
        let rows = page.items.map { member -> [String: Any] in
            ["id": member.customerId.uuidString.lowercased(), "name": member.displayName,
             "stage": text("insight.stage.\(member.stage.rawValue)", console),
             "clv": member.clvMinor.map { ConsoleFormat.money($0) } ?? text("insight.no_forecast", console)]
        }
        var data: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty, "segment": text("insight.segment.\(segment.rawValue)", console)]
        if let next = page.nextCursor {
            data["next"] = "/console/insight/segments/\(segment.rawValue)?cursor=\(Self.urlEncode(next))"
        }
        return self.page("insight-segment", titleKey: "insight.segment_title",
                         titleValues: ["segment": text("insight.segment.\(segment.rawValue)", console)], data: data, console)
    }

    func kpiCards(_ total: KPIPoint, _ console: ConsoleRequest) -> [[String: Any]] {
        let percent = { (value: Double?) in value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
        let cards: [(String, String)] = [
            ("net_sales", ConsoleFormat.money(total.netSalesMinor)),
            ("orders", ConsoleFormat.number(total.sums.orders)),
            ("average_order", total.averageOrderValueMinor.map { ConsoleFormat.money($0) } ?? "–"),
            ("active_customers", ConsoleFormat.number(total.buyers.active)),
            ("new_members", ConsoleFormat.number(total.newMembers)),
            ("repeat_rate", percent(total.repeatRate)),
            ("member_share", percent(total.memberShareOfSales)),
            ("returns_rate", percent(total.returnsRate)),
        ]
        return cards.map { ["key": $0.0, "label": text("insight.kpi.\($0.0)", console), "value": $0.1] }
    }

    func salesChart(_ series: KPISeries, _ console: ConsoleRequest) -> String {
        let top = Double(series.points.map(\.netSalesMinor).max() ?? 0) / 100
        return SVGLineChart(points: series.points.map { point in
            .init(label: point.period, value: Double(point.netSalesMinor) / 100,
                  title: "\(point.period): \(ConsoleFormat.money(point.netSalesMinor))")
        }, range: 0...max(top, 1)).render(caption: text("insight.sales_trend", console))
    }

    /// Recency down the side (5, the most recent, on top), frequency across; each cell counts its customers.
    func rfmGrid(_ rfm: RFMOverview, _ console: ConsoleRequest) -> String {
        let counts = Dictionary(rfm.grid.map { ("\($0.r)-\($0.f)", $0.customers) }, uniquingKeysWith: +)
        let top = Double(max(counts.values.max() ?? 0, 1))
        let cells: [[SVGHeatMap.Cell?]] = (1...5).reversed().map { r in
            (1...5).map { f in
                let n = counts["\(r)-\(f)"] ?? 0
                return SVGHeatMap.Cell(intensity: Double(n) / top, text: ConsoleFormat.number(n),
                                       title: text("insight.rfm_cell", console, ["r": "\(r)", "f": "\(f)", "n": ConsoleFormat.number(n)]))
            }
        }
        return SVGHeatMap(rowLabels: (1...5).reversed().map { "R\($0)" }, columnLabels: (1...5).map { "F\($0)" }, cells: cells)
            .render(caption: text("insight.rfm_grid", console))
    }

    /// One bar a value band; each bar's title names the band and its count, the axis the lower bounds.
    func clvChart(_ distribution: CLVDistribution, _ console: ConsoleRequest) -> String {
        SVGBarChart(bars: distribution.bands.map { band in
            let lower = ConsoleFormat.money(band.lowerMinor)
            let name = band.upperMinor.map { text("insight.clv_band", console, ["lower": lower, "upper": ConsoleFormat.money($0)]) }
                ?? text("insight.clv_band_top", console, ["lower": lower])
            return .init(label: lower, value: Int64(band.customers), title: "\(name): \(ConsoleFormat.number(band.customers))")
        }).render(caption: text("insight.clv_distribution", console))
    }

    /// The retention triangle: each first-purchase month down the side, the share still buying n months on.
    func cohortChart(_ triangle: CohortTriangle, _ console: ConsoleRequest) -> String {
        let months = triangle.rows.map(\.buyers.count).max() ?? 0
        let cells: [[SVGHeatMap.Cell?]] = triangle.rows.map { row in
            (0..<months).map { index in
                guard index < row.retention.count else { return nil }
                let share = row.retention[index]
                return SVGHeatMap.Cell(intensity: share, text: String(format: "%.0f%%", share * 100),
                                       title: "\(row.cohort) +\(index): \(ConsoleFormat.number(row.buyers[index])) / \(ConsoleFormat.number(row.customers))")
            }
        }
        return SVGHeatMap(rowLabels: triangle.rows.map(\.cohort), columnLabels: (0..<months).map { "+\($0)" }, cells: cells,
                          cellWidth: 44, cellHeight: 24)
            .render(caption: text("insight.cohorts", console))
    }
}
