import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The SLA report: met percentage with counts by store, channel, queue or period, and a bar chart of the
/// percentages drawn on the server.
extension Console {
    static let slaGroupings = ["store", "channel", "queue", "day", "week", "month"]

    func slaReportPage(_ console: ConsoleRequest) async throws -> Response {
        let zone = configuration.timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: Date())
        let defaultFrom = calendar.date(byAdding: .day, value: -30, to: today) ?? today
        let defaultTo = calendar.date(byAdding: .day, value: 1, to: today) ?? today
        let from = Self.localDay(console.query["from"], calendar) ?? defaultFrom
        let to = Self.localDay(console.query["to"], calendar).flatMap { calendar.date(byAdding: .day, value: 1, to: $0) } ?? defaultTo
        let groupName = console.query["groupBy"].flatMap { Self.slaGroupings.contains($0) ? $0 : nil } ?? "channel"
        let report = try await services.sla.report(from: from, to: to, groupBy: try SLAReport.Grouping(name: groupName), timeZone: zone,
                                                   by: console.caller)
        let stores = console.holds(.storesRead) ? try await services.stores.list(try PageRequest(limit: 200), by: console.caller).items : []
        func label(_ key: String) -> String {
            switch groupName {
            case "store": stores.first { $0.id.uuidString.lowercased() == key }.map { "\($0.code) \($0.name)" } ?? key
            case "channel": slaChannelName(key, console)
            default: key
            }
        }
        let rows: [[String: Any]] = report.groups.map { group in
            ["label": label(group.key), "tickets": ConsoleFormat.number(group.tickets), "firstResponseMet": ConsoleFormat.number(group.firstResponseMet),
             "resolutionMet": ConsoleFormat.number(group.resolutionMet), "breached": ConsoleFormat.number(group.breached),
             "metPercent": group.metPercent.map { String(format: "%.1f%%", $0) } ?? text("sla_report.unknown", console)]
        }
        let chart = SVGBarChart(bars: report.groups.map { group in
            .init(label: label(group.key), value: Int64(((group.metPercent ?? 0) * 10).rounded()),
                  title: "\(label(group.key)): \(group.metPercent.map { String(format: "%.1f%%", $0) } ?? text("sla_report.unknown", console))")
        }).render(caption: text("sla_report.chart_caption", console))
        let lastDay = calendar.date(byAdding: .day, value: -1, to: to) ?? to
        let data: [String: Any] = [
            "rows": rows, "hasRows": !rows.isEmpty, "chart": chart,
            "from": Self.isoDay(from, calendar), "to": Self.isoDay(lastDay, calendar),
            "groupings": Self.slaGroupings.map { ["value": $0, "label": text("sla_report.grouping.\($0)", console), "selected": $0 == groupName] as [String: Any] },
        ]
        return page("sla-report", titleKey: "sla_report.title", data: data, console)
    }

    /// Local midnight of a `YYYY-MM-DD` date, nil for anything else.
    static func localDay(_ text: String?, _ calendar: Calendar) -> Date? {
        guard let text, let date = try? ServiceDate(iso: text) else { return nil }
        let (year, month, day) = date.components
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    static func isoDay(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
