import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func getCustomerInsight(_ input: Operations.GetCustomerInsight.Input) async throws -> Operations.GetCustomerInsight.Output {
        let insight = try await services.insight.insight(of: try uuid(input.path.customerId, field: "customerId"), by: caller)
        return .ok(.init(body: .json(.init(insight))))
    }

    func getRFMOverview(_ input: Operations.GetRFMOverview.Input) async throws -> Operations.GetRFMOverview.Output {
        let overview = try await services.insight.rfm(by: caller)
        return .ok(.init(body: .json(.init(
            computedAt: overview.computedAt,
            segments: overview.segments.map { .init(segment: .init($0.segment), customers: $0.customers) },
            grid: overview.grid.map { .init(r: $0.r, f: $0.f, customers: $0.customers) }))))
    }

    func getLifecycleOverview(_ input: Operations.GetLifecycleOverview.Input) async throws -> Operations.GetLifecycleOverview.Output {
        let overview = try await services.insight.lifecycle(by: caller)
        return .ok(.init(body: .json(.init(computedAt: overview.computedAt,
                                           stages: LifecycleStage.allCases.map { .init(stage: .init($0), customers: overview.stages[$0] ?? 0) }))))
    }

    func getCLVDistribution(_ input: Operations.GetCLVDistribution.Input) async throws -> Operations.GetCLVDistribution.Output {
        let distribution = try await services.insight.clvDistribution(by: caller)
        return .ok(.init(body: .json(.init(
            computedAt: distribution.computedAt,
            bands: distribution.bands.map { .init(lowerMinor: $0.lowerMinor, upperMinor: $0.upperMinor, customers: $0.customers) },
            withoutForecast: distribution.withoutForecast))))
    }

    func listSegmentCustomers(_ input: Operations.ListSegmentCustomers.Input) async throws -> Operations.ListSegmentCustomers.Output {
        guard let segment = RFMSegment(rawValue: input.path.segment.rawValue) else {
            throw PatronError.invalid(field: "segment", message: "unknown segment")
        }
        let page = try await services.insight.members(of: segment, page: try PageRequest(cursor: input.query.cursor, limit: input.query.limit),
                                                      by: caller)
        return .ok(.init(body: .json(.init(
            items: page.items.map { .init(customerId: $0.customerId.apiString, displayName: String($0.displayName.prefix(200)),
                                          segment: .init($0.segment), stage: .init($0.stage), clvMinor: $0.clvMinor) },
            nextCursor: page.nextCursor))))
    }

    func refreshInsight(_ input: Operations.RefreshInsight.Input) async throws -> Operations.RefreshInsight.Output {
        let report = try await services.insight.refresh(by: caller)
        return .ok(.init(body: .json(.init(computedAt: report.computedAt, customers: report.customers, purchasers: report.purchasers,
                                           stageChanges: report.stageChanges, modelsFitted: report.modelsFitted,
                                           modelVersion: String(report.modelVersion.prefix(64))))))
    }

    func getInsightSettings(_ input: Operations.GetInsightSettings.Input) async throws -> Operations.GetInsightSettings.Output {
        .ok(.init(body: .json(.init(try await services.insight.settings(by: caller)))))
    }

    func putInsightSettings(_ input: Operations.PutInsightSettings.Input) async throws -> Operations.PutInsightSettings.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let settings = try InsightSettings(body)
        try await services.insight.saveSettings(settings, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(settings))))
    }
}

extension Components.Schemas.RFMSegment {
    init(_ segment: RFMSegment) {
        self = Self(rawValue: segment.rawValue) ?? .lost
    }
}

extension Components.Schemas.LifecycleStage {
    init(_ stage: LifecycleStage) {
        self = Self(rawValue: stage.rawValue) ?? .prospect
    }
}

extension Components.Schemas.CustomerInsight {
    init(_ insight: CustomerInsight) {
        let f = insight.features
        let day = { (day: Int) in CustomerFeatures.date(ofDay: day).formatted(.iso8601.year().month().day()) }
        self.init(customerId: f.customerId.apiString, computedAt: insight.computedAt, orders: f.orders, purchaseDays: f.purchaseDays,
                  frequency: f.frequency, firstPurchaseOn: f.firstPurchaseDay.map(day), lastPurchaseOn: f.lastPurchaseDay.map(day),
                  recencyWeeks: f.recencyWeeks, ageWeeks: f.ageWeeks(today: CustomerFeatures.day(of: insight.computedAt)),
                  netSpendMinor: f.netSpendMinor, averageRepeatSpendMinor: f.averageRepeatSpendMinor.map { Int64($0.rounded()) },
                  rScore: insight.rfm?.r, fScore: insight.rfm?.f, mScore: insight.rfm?.m,
                  segment: insight.segment.flatMap { .init(rawValue: $0.rawValue) }, stage: .init(insight.stage),
                  stageSince: day(insight.stageSinceDay), pAlive: insight.forecast?.pAlive,
                  expectedPurchases: insight.forecast?.expectedPurchases, expectedSpendMinor: insight.forecast?.expectedSpendMinor,
                  clvMinor: insight.forecast?.clvMinor, modelVersion: insight.modelVersion.map { String($0.prefix(64)) })
    }
}

extension Components.Schemas.InsightSettings {
    init(_ settings: InsightSettings) {
        let l = settings.lifecycle
        self.init(segments: settings.segments.map { .init(segment: .init($0.segment), rMin: $0.recency.lowerBound, rMax: $0.recency.upperBound,
                                                          fMin: $0.frequency.lowerBound, fMax: $0.frequency.upperBound) },
                  lifecycle: .init(newDays: l.newDays, atRiskDays: l.atRiskDays, churnedDays: l.churnedDays, reactivatedDays: l.reactivatedDays,
                                   atRiskPAlive: l.atRiskPAlive, churnedPAlive: l.churnedPAlive),
                  horizonWeeks: settings.horizonWeeks, clvMonths: settings.clvMonths, monthlyDiscountRate: settings.monthlyDiscountRate)
    }
}

extension InsightSettings {
    init(_ body: Components.Schemas.InsightSettings) throws(PatronError) {
        var rules: [RFMSegmentRule] = []
        for rule in body.segments {
            guard rule.rMin <= rule.rMax, rule.fMin <= rule.fMax, let segment = RFMSegment(rawValue: rule.segment.rawValue) else {
                throw .invalid(field: "segments", message: "each rule's minimum is at most its maximum")
            }
            rules.append(RFMSegmentRule(segment, r: rule.rMin...rule.rMax, f: rule.fMin...rule.fMax))
        }
        let l = body.lifecycle
        self.init(segments: rules,
                  lifecycle: LifecycleRules(newDays: l.newDays, atRiskDays: l.atRiskDays, churnedDays: l.churnedDays,
                                            reactivatedDays: l.reactivatedDays, atRiskPAlive: l.atRiskPAlive, churnedPAlive: l.churnedPAlive),
                  horizonWeeks: body.horizonWeeks, clvMonths: body.clvMonths, monthlyDiscountRate: body.monthlyDiscountRate)
    }
}
