import Foundation
import OpenAPIRuntime
import PatronCore
import PatronOpenAPI
import PatronStorage

/// Sales, cohort, service and staff KPIs, as JSON or — when the Accept header prefers `text/csv` — as CSV.
extension APIHandler {
    func getKPIs(_ input: Operations.GetKPIs.Input) async throws -> Operations.GetKPIs.Output {
        let q = input.query
        let series = try await services.kpis.kpis(try KPIRange(from: q.from, to: q.to), period: KPIPeriod(rawValue: q.period?.rawValue ?? "day") ?? .day,
                                                  storeId: try q.storeId.map { try uuid($0, field: "storeId") },
                                                  channel: q.channel.flatMap { SalesChannel(rawValue: $0.rawValue) }, by: caller)
        if Self.prefersCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(KPICSV.series(series)))))
        }
        return .ok(.init(body: .json(.init(series))))
    }

    func getCohorts(_ input: Operations.GetCohorts.Input) async throws -> Operations.GetCohorts.Output {
        let triangle = try await services.kpis.cohorts(try KPIRange(from: input.query.from, to: input.query.to), by: caller)
        if Self.prefersCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(KPICSV.cohorts(triangle)))))
        }
        return .ok(.init(body: .json(.init(items: triangle.rows.map { .init(cohort: $0.cohort, customers: $0.customers, buyers: $0.buyers, retention: $0.retention) },
                                           nextCursor: nil, computedAt: triangle.computedAt))))
    }

    func getServiceKPIs(_ input: Operations.GetServiceKPIs.Input) async throws -> Operations.GetServiceKPIs.Output {
        let kpis = try await services.kpis.serviceKPIs(try KPIRange(from: input.query.from, to: input.query.to), by: caller)
        if Self.prefersCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(KPICSV.service(kpis)))))
        }
        return .ok(.init(body: .json(.init(from: kpis.from, to: kpis.to, tickets: kpis.tickets, resolved: kpis.resolved,
                                           firstResponseMinutes: kpis.firstResponseMinutes, resolutionMinutes: kpis.resolutionMinutes,
                                           slaMetPercent: kpis.slaMetPercent, slaBreached: kpis.slaBreached, survey: .init(kpis.survey)))))
    }

    func getStaffPerformance(_ input: Operations.GetStaffPerformance.Input) async throws -> Operations.GetStaffPerformance.Output {
        let staff = try await services.kpis.staffPerformance(try KPIRange(from: input.query.from, to: input.query.to),
                                                             storeId: try input.query.storeId.map { try uuid($0, field: "storeId") }, by: caller)
        if Self.prefersCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(KPICSV.staff(staff)))))
        }
        return .ok(.init(body: .json(.init(items: staff.map { member in
            .init(staffId: member.staffId.apiString, displayName: member.displayName, orders: member.orders, sales: member.salesMinor,
                  refunds: member.refundsMinor, netSales: member.netSalesMinor, ticketsResolved: member.ticketsResolved,
                  slaDecided: member.slaDecided, slaBreached: member.slaBreached, slaMetPercent: member.slaMetPercent, survey: .init(member.survey))
        }, nextCursor: nil))))
    }

    /// CSV when the most preferred of JSON and CSV in the Accept header is CSV; JSON otherwise (ties and no header).
    static func prefersCSV(_ accepted: [(type: String, quality: Double)]) -> Bool {
        let quality = { (type: String) in accepted.filter { $0.type.lowercased() == type }.map(\.quality).max() ?? 0 }
        return quality("text/csv") > quality("application/json")
    }
}

extension Components.Schemas.KPIPoint {
    init(_ point: KPIPoint) {
        self.init(period: point.period, orders: point.sums.orders, sales: point.sums.salesMinor, refunds: point.sums.refundsMinor,
                  netSales: point.netSalesMinor, averageOrderValue: point.averageOrderValueMinor, returns: point.sums.returns,
                  returnsRate: point.returnsRate, memberOrders: point.sums.memberOrders, memberSales: point.sums.memberSalesMinor,
                  memberShareOfOrders: point.memberShareOfOrders, memberShareOfSales: point.memberShareOfSales, activeCustomers: point.buyers.active,
                  repeatCustomers: point.buyers.repeaters, repeatRate: point.repeatRate, newMembers: point.newMembers)
    }
}

extension Components.Schemas.KPISeries {
    init(_ series: KPISeries) {
        let position = series.membership
        let liability = position.liability.map { liability in
            Components.Schemas.PointsLiability(asOf: liability.asOf, availablePoints: liability.availablePoints, pendingPoints: liability.pendingPoints,
                                               members: liability.members, currency: liability.currency.rawValue, value: liability.valueMinor)
        }
        self.init(from: series.range.first.description, to: series.range.last.description, period: .init(rawValue: series.period.rawValue) ?? .day,
                  storeId: series.storeId?.apiString, channel: series.channel?.rawValue, currency: series.currency.rawValue,
                  items: series.points.map { .init($0) }, nextCursor: nil, total: .init(series.total),
                  membership: .init(tiers: position.tiers.map { .init(tier: $0.tier, members: $0.members) },
                                    moves: position.moves.map { .init(from: $0.from, to: $0.to, members: $0.members) },
                                    pointsIssued: position.pointsIssued, pointsRedeemed: position.pointsRedeemed, pointsExpired: position.pointsExpired,
                                    liability: liability),
                  computedAt: series.computedAt)
    }
}
