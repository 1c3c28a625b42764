import Foundation

/// The KPI answers as CSV (RFC 4180: comma-separated, CRLF line ends, a header row, fields quoted when they
/// hold a comma, quote or line break). Columns carry the JSON answer's names and values, so a spreadsheet
/// and the JSON agree; an absent ratio is an empty field. Formulas are not a risk: no field is free text
/// except staff names, which are prefixed with a quote when they start like a formula.
public enum KPICSV {
    public static func series(_ series: KPISeries) -> String {
        let header = ["period", "orders", "sales", "refunds", "netSales", "averageOrderValue", "returns", "returnsRate", "memberOrders",
                      "memberSales", "memberShareOfOrders", "memberShareOfSales", "activeCustomers", "repeatCustomers", "repeatRate", "newMembers"]
        return table(header, series.points.map { point in
            [point.period, "\(point.sums.orders)", "\(point.sums.salesMinor)", "\(point.sums.refundsMinor)", "\(point.netSalesMinor)",
             text(point.averageOrderValueMinor), "\(point.sums.returns)", text(point.returnsRate), "\(point.sums.memberOrders)",
             "\(point.sums.memberSalesMinor)", text(point.memberShareOfOrders), text(point.memberShareOfSales), "\(point.buyers.active)",
             "\(point.buyers.repeaters)", text(point.repeatRate), "\(point.newMembers)"]
        })
    }

    public static func cohorts(_ triangle: CohortTriangle) -> String {
        let width = triangle.rows.map(\.buyers.count).max() ?? 1
        let header = ["cohort", "customers"] + (0..<width).map { "month\($0)" }
        return table(header, triangle.rows.map { row in
            [row.cohort, "\(row.customers)"] + (0..<width).map { $0 < row.buyers.count ? "\(row.buyers[$0])" : "" }
        })
    }

    public static func service(_ kpis: ServiceKPIs) -> String {
        let header = ["tickets", "resolved", "firstResponseMinutes", "resolutionMinutes", "slaMetPercent", "slaBreached", "responses",
                      "csatAverage", "satisfiedPercent", "nps"]
        return table(header, [["\(kpis.tickets)", "\(kpis.resolved)", text(kpis.firstResponseMinutes), text(kpis.resolutionMinutes),
                                text(kpis.slaMetPercent), "\(kpis.slaBreached)", "\(kpis.survey.responses)", text(kpis.survey.csatAverage),
                                text(kpis.survey.satisfiedPercent), text(kpis.survey.nps)]])
    }

    public static func staff(_ staff: [StaffPerformance]) -> String {
        let header = ["staffId", "displayName", "orders", "sales", "refunds", "netSales", "ticketsResolved", "slaDecided", "slaBreached",
                      "slaMetPercent", "csatAverage", "nps"]
        return table(header, staff.map { member in
            [member.staffId.uuidString.lowercased(), defused(member.displayName), "\(member.orders)", "\(member.salesMinor)",
             "\(member.refundsMinor)", "\(member.netSalesMinor)", "\(member.ticketsResolved)", "\(member.slaDecided)", "\(member.slaBreached)",
             text(member.slaMetPercent), text(member.survey.csatAverage), text(member.survey.nps)]
        })
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(quoted).joined(separator: ",") + "\r\n" }.joined()
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A name starting with `=`, `+`, `-` or `@` would run as a formula in a spreadsheet.
    static func defused(_ name: String) -> String {
        guard let first = name.first, "=+-@".contains(first) else { return name }
        return "'" + name
    }

    static func text(_ value: Int64?) -> String { value.map { "\($0)" } ?? "" }
    static func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
}
