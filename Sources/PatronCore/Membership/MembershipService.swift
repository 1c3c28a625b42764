import Foundation

/// Membership as staff use it: reading a customer's tier and points, correcting points, setting a tier by
/// hand, and changing the programme. Every write needs its permission and a reason, and is audited.
public struct MembershipService: Sendable {
    let membership: any MembershipRepository
    let customers: any CustomerRepository

    public init(membership: any MembershipRepository, customers: any CustomerRepository) {
        self.membership = membership
        self.customers = customers
    }

    /// Every signed-in caller may read the programme: tills and staff show members what their tier brings.
    public func programme(by caller: Caller) async throws -> MembershipProgramme { try await membership.programme() }

    public func saveProgramme(_ programme: MembershipProgramme, by caller: Caller, requestId: String?) async throws {
        try caller.require(.settingsManage)
        try programme.validate()
        try await membership.save(programme, audit: AuditEvent(
            actor: caller.actor, action: "settings.membership_programme_changed", resourceType: "settings", resourceId: "membership-programme",
            requestId: requestId, details: ["tiers": programme.tiers.map(\.code).joined(separator: ",")]))
    }

    public func summary(of id: Customer.ID, by caller: Caller, at date: Date = Date()) async throws -> MembershipSummary {
        try caller.require(.customersRead)
        _ = try await customers.live(id)
        return try await membership.summary(of: id, at: date)
    }

    public func tierHistory(of id: Customer.ID, page: PageRequest, by caller: Caller) async throws -> Page<TierChange> {
        try caller.require(.customersRead)
        _ = try await customers.live(id)
        return try await membership.tierHistory(of: id, page: page)
    }

    public func ledger(of id: Customer.ID, page: PageRequest, by caller: Caller) async throws -> Page<PointsEntry> {
        try caller.require(.customersRead)
        _ = try await customers.live(id)
        return try await membership.ledger(of: id, page: page)
    }

    /// What one order did to its customer's points — earned, paid with, reversed or restored by its returns —
    /// oldest first, for the order page. Reading it is reading the customer's statement, so it needs the same
    /// permission as the statement.
    public func ledger(of id: Customer.ID, order: Order.ID, by caller: Caller) async throws -> [PointsEntry] {
        try caller.require(.customersRead)
        _ = try await customers.live(id)
        return try await membership.wholeLedger(of: id).filter { $0.orderId == order }
    }

    /// The whole ledger, oldest first, as a data-subject export carries it.
    public func exportLedger(of id: Customer.ID, by caller: Caller) async throws -> [PointsEntry] {
        try caller.require(.customersExport)
        _ = try await customers.live(id)
        return try await membership.wholeLedger(of: id)
    }

    public func adjust(_ id: Customer.ID, points: Int64, reason: String, by caller: Caller, requestId: String?) async throws -> PointsEntry {
        try caller.require(.pointsAdjust)
        try Validate.text(reason, field: "reason", maxLength: 200)
        guard points != 0, Limits.pointsPerAdjustment.contains(points) else {
            throw PatronError.invalid(field: "points", message: "an adjustment is a non-zero number of points up to 1,000,000,000 either way")
        }
        _ = try await customers.live(id)
        let adjustment = PointsAdjustment(customerId: id, points: points, reason: reason, by: Self.actorName(caller))
        return try await membership.adjust(adjustment, audit: AuditEvent(
            actor: caller.actor, action: "points.adjusted", resourceType: "customer", resourceId: id.uuidString.lowercased(),
            requestId: requestId, details: ["points": String(points), "reason": reason]))
    }

    public func setOverride(_ id: Customer.ID, tier: String, reason: String, until: Date?, by caller: Caller, requestId: String?,
                            now: Date = Date()) async throws -> MembershipSummary {
        try caller.require(.pointsAdjust)
        try Validate.text(reason, field: "reason", maxLength: 200)
        let programme = try await membership.programme()
        guard programme.tierIndex(tier) != nil else {
            throw PatronError.invalid(field: "tier", message: "there is no tier '\(tier)'; tiers are \(programme.tiers.map(\.code).joined(separator: ", "))")
        }
        if let until, until <= now { throw PatronError.invalid(field: "until", message: "an override must end in the future") }
        _ = try await customers.live(id)
        let override = TierOverride(tier: tier, reason: reason, setAt: now, until: until, setBy: Self.actorName(caller))
        try await membership.setOverride(override, for: id, audit: AuditEvent(
            actor: caller.actor, action: "membership.override_set", resourceType: "customer", resourceId: id.uuidString.lowercased(),
            requestId: requestId, details: ["tier": tier, "reason": reason, "until": until.map { $0.formatted(.iso8601) } ?? "open"]))
        return try await membership.summary(of: id, at: now)
    }

    /// Ends the running override; with none running nothing changes (a repeated DELETE is harmless).
    public func endOverride(_ id: Customer.ID, by caller: Caller, requestId: String?, now: Date = Date()) async throws -> MembershipSummary {
        try caller.require(.pointsAdjust)
        _ = try await customers.live(id)
        _ = try await membership.endOverride(of: id, at: now, by: Self.actorName(caller), audit: AuditEvent(
            actor: caller.actor, action: "membership.override_ended", resourceType: "customer", resourceId: id.uuidString.lowercased(),
            requestId: requestId))
        return try await membership.summary(of: id, at: now)
    }

    public func liability(by caller: Caller, at date: Date = Date()) async throws -> PointsLiability {
        try caller.require(.analyticsView)
        return try await membership.liability(at: date)
    }

    /// Applies the point expiries, tier reviews and override ends due by `date` for every customer (the
    /// hourly job and `patron membership expire`); answers how many customers moved.
    public func applyDue(at date: Date = Date(), by caller: Caller) async throws -> Int {
        try caller.require(.settingsManage)
        return try await membership.advanceAll(to: date)
    }

    /// Replays all history under the programme in force and replaces tiers, ledger and balances.
    public func rebuild(asOf date: Date = Date(), by caller: Caller) async throws -> RebuildReport {
        try caller.require(.settingsManage)
        return try await membership.rebuild(asOf: date)
    }

    /// How ledger notes and override records name who acted.
    static func actorName(_ caller: Caller) -> String { caller.actor.name ?? caller.actor.id ?? caller.actor.kind.rawValue }
}
