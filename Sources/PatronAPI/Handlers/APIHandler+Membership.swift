import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func getCustomerMembership(_ input: Operations.GetCustomerMembership.Input) async throws -> Operations.GetCustomerMembership.Output {
        let summary = try await services.membership.summary(of: try uuid(input.path.customerId, field: "customerId"), by: caller)
        return .ok(.init(body: .json(.init(summary))))
    }

    func listTierHistory(_ input: Operations.ListTierHistory.Input) async throws -> Operations.ListTierHistory.Output {
        let page = try await services.membership.tierHistory(of: try uuid(input.path.customerId, field: "customerId"),
                                                    page: PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.TierChange.init), nextCursor: page.nextCursor))))
    }

    func setTierOverride(_ input: Operations.SetTierOverride.Input) async throws -> Operations.SetTierOverride.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let summary = try await services.membership.setOverride(try uuid(input.path.customerId, field: "customerId"), tier: body.tier, reason: body.reason,
                                                       until: body.until, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(summary))))
    }

    func endTierOverride(_ input: Operations.EndTierOverride.Input) async throws -> Operations.EndTierOverride.Output {
        let summary = try await services.membership.endOverride(try uuid(input.path.customerId, field: "customerId"), by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(summary))))
    }

    func getCustomerPoints(_ input: Operations.GetCustomerPoints.Input) async throws -> Operations.GetCustomerPoints.Output {
        let id = try uuid(input.path.customerId, field: "customerId")
        let page = try await services.membership.ledger(of: id, page: PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        let summary = try await services.membership.summary(of: id, by: caller)
        return .ok(.init(body: .json(.init(position: .init(summary.points), lots: summary.points.lots.map(Components.Schemas.PointsLot.init),
                                           items: page.items.map(Components.Schemas.PointsEntry.init),
                                           nextCursor: page.nextCursor))))
    }

    func adjustPoints(_ input: Operations.AdjustPoints.Input) async throws -> Operations.AdjustPoints.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let entry = try await services.membership.adjust(try uuid(input.path.customerId, field: "customerId"), points: body.points, reason: body.reason,
                                                by: caller, requestId: requestId)
        return .created(.init(body: .json(.init(entry))))
    }

    func getMembershipProgramme(_ input: Operations.GetMembershipProgramme.Input) async throws -> Operations.GetMembershipProgramme.Output {
        .ok(.init(body: .json(try transcode(try await services.membership.programme(by: caller)))))
    }

    func putMembershipProgramme(_ input: Operations.PutMembershipProgramme.Input) async throws -> Operations.PutMembershipProgramme.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let programme: MembershipProgramme = try transcode(body)
        try await services.membership.saveProgramme(programme, by: caller, requestId: requestId)
        return .ok(.init(body: .json(try transcode(programme))))
    }

    func getPointsLiability(_ input: Operations.GetPointsLiability.Input) async throws -> Operations.GetPointsLiability.Output {
        let liability = try await services.membership.liability(by: caller)
        return .ok(.init(body: .json(.init(asOf: liability.asOf, availablePoints: liability.availablePoints, pendingPoints: liability.pendingPoints,
                                           members: liability.members, currency: liability.currency.rawValue, value: liability.valueMinor))))
    }

    /// The programme's wire form and the domain type share field names, so one is the other re-encoded; the
    /// domain decoder still checks what the wire schema cannot (a valid currency code).
    private func transcode<Output: Decodable>(_ value: some Encodable) throws -> Output {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Output.self, from: try encoder.encode(value))
        } catch let error as PatronError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw PatronError.invalid(field: context.codingPath.map(\.stringValue).joined(separator: "."), message: context.debugDescription)
        }
    }
}

extension Components.Schemas.Membership {
    init(_ summary: MembershipSummary) {
        let benefits = summary.tier.benefits
        self.init(
            customerId: summary.customerId.apiString, tier: summary.tier.code, tierNameZh: summary.tier.nameZh, tierNameEn: summary.tier.nameEn,
            earnedTier: summary.earnedTier, since: summary.since, reviewDue: summary.reviewDue, graceUntil: summary.graceUntil,
            override: summary.override.map { .init(tier: $0.tier, reason: $0.reason, setAt: $0.setAt, until: $0.until, setBy: $0.setBy) },
            benefits: .init(pointsMultiplierPercent: benefits.pointsMultiplierPercent, memberDiscountPercent: benefits.memberDiscountPercent,
                            birthdayBonusPoints: benefits.birthdayBonusPoints, freeShipping: benefits.freeShipping,
                            servicePriority: benefits.servicePriority, eventAccess: benefits.eventAccess),
            window: .init(months: summary.windowMonths, netSpend: summary.window.netSpendMinor, orders: summary.window.orders,
                          pointsEarned: summary.window.pointsEarned),
            progress: summary.progress.map { progress in
                .init(tier: progress.tier.code, match: progress.match.rawValue,
                      gaps: progress.gaps.map { .init(metric: $0.metric.rawValue, current: $0.current, target: $0.target, remaining: $0.remaining) },
                      by: progress.by, message: progress.message, messageZh: progress.messageZh)
            },
            reason: summary.reason.map(Components.Schemas.TierChange.init), points: .init(summary.points))
    }
}

extension Components.Schemas.PointsPosition {
    init(_ position: PointsPosition) {
        self.init(balance: position.balance, available: position.available, pending: position.pending, nextExpiry: position.nextExpiry,
                  expiringPoints: position.expiringPoints, value: position.valueMinor)
    }
}

extension Components.Schemas.PointsLot {
    init(_ lot: PatronCore.PointsLot) {
        self.init(points: lot.points, remaining: lot.remaining, earnedAt: lot.earnedAt, availableAt: lot.availableAt, expiresAt: lot.expiresAt)
    }
}

extension Components.Schemas.TierChange {
    init(_ change: TierChange) {
        self.init(sequence: change.sequence, at: change.at, fromTier: change.fromTier, toTier: change.toTier,
                  cause: .init(rawValue: change.cause.rawValue) ?? .qualifyingOrder, orderId: change.orderId?.apiString, note: change.note)
    }
}

extension Components.Schemas.PointsEntry {
    init(_ entry: PatronCore.PointsEntry) {
        self.init(sequence: entry.sequence, kind: .init(rawValue: entry.kind.rawValue) ?? .adjust, points: entry.points, at: entry.at,
                  orderId: entry.orderId?.apiString, returnId: entry.returnId?.apiString, shortfall: entry.shortfall,
                  balanceAfter: entry.balanceAfter, note: entry.note)
    }
}
