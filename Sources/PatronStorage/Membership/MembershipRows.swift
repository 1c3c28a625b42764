import Foundation
import PatronCore
import SQLKit

/// Reads and writes one customer's derived membership state. Every write path (order events, adjustments,
/// overrides, the expiry job, replays) goes through `load` and `save`, so the tables only ever hold what the
/// engine computed.
enum MembershipRows {
    static let programmeKey = "membership.programme"
    static let derivedTables = ["points_consumptions", "points_ledger", "points_lots", "tier_history", "membership_activity", "membership"]
    static let inputTables = ["points_adjustments", "tier_overrides"]

    static func programme(on sql: any SQLDatabase) async throws -> MembershipProgramme {
        guard let stored = try await sql.select().column("value").from("settings").where("key", .equal, programmeKey).first()?
            .decode(column: "value", as: String.self) else { return .defaults }
        return try JSONDecoder.membership.decode(MembershipProgramme.self, from: Data(stored.utf8))
    }

    /// Loads the state, creating the row first when `lock` is set and taking its row lock (PostgreSQL) so
    /// writers for one customer queue; SQLite's single writer already serialises them.
    static func load(_ customer: Customer.ID, programme: MembershipProgramme, lock: Bool, on sql: any SQLDatabase) async throws -> MemberState {
        try await load([customer], programme: programme, lock: lock, on: sql)[customer] ?? .new(customer, programme: programme)
    }

    /// Many customers' states with a few queries; rows are locked in id order so concurrent batches cannot
    /// deadlock.
    static func load(_ customers: [Customer.ID], programme: MembershipProgramme, lock: Bool,
                     on sql: any SQLDatabase) async throws -> [Customer.ID: MemberState] {
        let ids = Array(Set(customers)).sorted { $0.uuidString < $1.uuidString }
        var states: [Customer.ID: MemberState] = [:]
        for id in ids { states[id] = .new(id, programme: programme) }
        let first = programme.tiers[0].code
        for chunk in ids.chunked(into: 500) {
            let chunk = Array(chunk)
            if lock {
                try await sql.insert(into: "membership")
                    .columns("customer_id", "tier", "earned_tier", "balance", "debt", "last_entry", "last_tier_change")
                    .rows(chunk.map { [SQLBind($0), SQLBind(first), SQLBind(first), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0)] })
                    .ignoringConflicts(with: "customer_id").run()
            }
            var query = sql.select().column("*").from("membership").where("customer_id", .in, chunk).orderBy("customer_id")
            if lock { query = query.for(.update) }
            for row in try await query.all() {
                let id = try row.decode(column: "customer_id", as: UUID.self)
                states[id] = try decodeState(row, id: id, programme: programme)
            }
            for row in try await sql.select().column("*").from("points_lots").where("customer_id", .in, chunk)
                .where("remaining", .greaterThan, SQLLiteral.numeric("0")).orderBy("customer_id").orderBy("lot_no").all() {
                states[try row.decode(column: "customer_id", as: UUID.self)]?.lots.append(try decodeLot(row))
            }
            for row in try await sql.select().column("*").from("membership_activity").where("customer_id", .in, chunk).all() {
                let activity = try decodeActivity(row)
                states[try row.decode(column: "customer_id", as: UUID.self)]?.activity[activity.orderId] = activity
            }
            let refundable = chunk.filter { states[$0]?.activity.values.contains { $0.pointsCredited < $0.pointsRedeemed } == true }
            for (customer, orderId, share) in try await redeemedShares(of: refundable, on: sql) {
                states[customer]?.activity[orderId]?.redeemedFrom.append(share)
            }
        }
        return states
    }

    /// The lots each points payment that may still be refunded was taken from, read back from the redemption's
    /// consumptions: the engine keeps them only until the payment is wholly credited back, and so does this.
    private static func redeemedShares(of customers: [Customer.ID], on sql: any SQLDatabase) async throws -> [(Customer.ID, Order.ID, RedeemedShare)] {
        guard !customers.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT e.customer_id, e.order_id, c.lot_no, c.points, l.earned_at, l.expires_at
            FROM points_ledger e
            JOIN membership_activity a ON a.order_id = e.order_id AND a.points_credited < a.points_redeemed
            JOIN points_consumptions c ON c.customer_id = e.customer_id AND c.entry_seq = e.seq
            JOIN points_lots l ON l.customer_id = c.customer_id AND l.lot_no = c.lot_no
            WHERE e.kind = 'redeem' AND e.customer_id IN (\(binds: customers))
            ORDER BY e.customer_id, e.order_id, c.lot_no
            """).all().map { row in
            (try row.decode(column: "customer_id", as: UUID.self), try row.decode(column: "order_id", as: UUID.self),
             RedeemedShare(lotNumber: try row.decode(column: "lot_no", as: Int.self), earnedAt: try row.decode(column: "earned_at", as: Date.self),
                           expiresAt: try row.decode(column: "expires_at", as: Date?.self), points: try row.decode(column: "points", as: Int64.self)))
        }
    }

    /// A state that reads the same as the whole one at `date` when nothing is due by then: open lots summed
    /// per expiry date and per side of `date` for availability (one lot each), and only the orders inside
    /// the qualification window ending at `date`. Nil when something is due (`next_event_at` not later), as
    /// advancing would then need every lot and the windows of past reviews. For reading only: never saved.
    static func loadCompact(_ customer: Customer.ID, programme: MembershipProgramme, at date: Date,
                            on sql: any SQLDatabase) async throws -> MemberState? {
        guard let row = try await sql.select().column("*").from("membership").where("customer_id", .equal, customer).first() else {
            return .new(customer, programme: programme)
        }
        if let next = try row.decode(column: "next_event_at", as: Date?.self), next <= date { return nil }
        var state = try decodeState(row, id: customer, programme: programme)
        state.lots = try await sql.raw("""
            SELECT MIN(lot_no) AS lot_no, MIN(earned_at) AS earned_at, MIN(available_at) AS available_at, expires_at,
                   CAST(SUM(points) AS BIGINT) AS points, CAST(SUM(remaining) AS BIGINT) AS remaining
            FROM points_lots
            WHERE customer_id = \(bind: customer) AND remaining > 0
            GROUP BY expires_at, CASE WHEN available_at > \(bind: date) THEN 1 ELSE 0 END
            ORDER BY MIN(lot_no)
            """).all().map { row in
            PointsLot(number: try row.decode(column: "lot_no", as: Int.self), earnedAt: try row.decode(column: "earned_at", as: Date.self),
                      availableAt: try row.decode(column: "available_at", as: Date.self), expiresAt: try row.decode(column: "expires_at", as: Date?.self),
                      points: try row.decode(column: "points", as: Int64.self), remaining: try row.decode(column: "remaining", as: Int64.self),
                      orderId: nil)
        }
        let windowStart = programme.windowStart(endingAt: date)
        for row in try await sql.select().column("*").from("membership_activity").where("customer_id", .equal, customer)
            .where("occurred_at", .greaterThan, windowStart).all() {
            let activity = try decodeActivity(row)
            state.activity[activity.orderId] = activity
        }
        return state
    }

    private static func decodeState(_ row: any SQLRow, id: Customer.ID, programme: MembershipProgramme) throws -> MemberState {
        var state = MemberState.new(id, programme: programme)
        state.standing = TierStanding(
            earnedTier: try row.decode(column: "earned_tier", as: String.self), since: try row.decode(column: "since", as: Date?.self),
            reviewDue: try row.decode(column: "review_due", as: Date?.self), graceUntil: try row.decode(column: "grace_until", as: Date?.self))
        if let overrideId = try row.decode(column: "override_id", as: UUID?.self) {
            state.standing.override = TierOverride(
                id: overrideId, tier: try row.decode(column: "override_tier", as: String.self),
                reason: try row.decode(column: "override_reason", as: String.self),
                setAt: try row.decode(column: "override_set_at", as: Date.self), until: try row.decode(column: "override_until", as: Date?.self),
                setBy: try row.decode(column: "override_by", as: String.self))
        }
        state.balance = try row.decode(column: "balance", as: Int64.self)
        state.debt = try row.decode(column: "debt", as: Int64.self)
        state.lastEntry = try row.decode(column: "last_entry", as: Int.self)
        state.lastTierChange = try row.decode(column: "last_tier_change", as: Int.self)
        state.advancedTo = try row.decode(column: "advanced_to", as: Date?.self)
        if let at = try row.decode(column: "last_input_at", as: Date?.self) {
            state.lastInput = MembershipInput.Key(at: at, rank: try row.decode(column: "last_input_rank", as: Int.self),
                                                  id: try row.decode(column: "last_input_id", as: String.self))
        }
        return state
    }

    /// Writes what the engine produced. `loaded` is the state it started from, to tell new rows from changed.
    static func save(_ engine: MembershipEngine, loaded: MemberState, on sql: any SQLDatabase) async throws {
        try await save([(engine, loaded)], on: sql)
    }

    /// Writes many customers' runs with multi-row inserts; only changed lots, refunded orders' activity and the
    /// membership rows are updated one by one.
    static func save(_ runs: [(engine: MembershipEngine, loaded: MemberState)], on sql: any SQLDatabase) async throws {
        let entries = runs.flatMap(\.engine.entries)
        for chunk in entries.chunked(into: 200) {
            try await sql.insert(into: "points_ledger")
                .columns("customer_id", "seq", "kind", "points", "at", "order_id", "return_id", "shortfall", "balance_after", "note")
                .rows(chunk.map { e in
                    [SQLBind(e.customerId), SQLBind(e.sequence), SQLBind(e.kind.rawValue), SQLBind(e.points), SQLBind(e.at), SQLBind(e.orderId),
                     SQLBind(e.returnId), SQLBind(e.shortfall), SQLBind(e.balanceAfter), SQLBind(e.note)]
                }).run()
        }
        let consumptions = runs.flatMap { run in run.engine.consumptions.map { (run.engine.state.customerId, $0) } }
        for chunk in consumptions.chunked(into: 300) {
            try await sql.insert(into: "points_consumptions").columns("customer_id", "entry_seq", "lot_no", "points")
                .rows(chunk.map { [SQLBind($0.0), SQLBind($0.1.entrySequence), SQLBind($0.1.lotNumber), SQLBind($0.1.points)] }).run()
        }
        for chunk in runs.flatMap(\.engine.tierChanges).chunked(into: 200) {
            try await sql.insert(into: "tier_history").columns("customer_id", "seq", "at", "from_tier", "to_tier", "cause", "order_id", "note")
                .rows(chunk.map { c in
                    [SQLBind(c.customerId), SQLBind(c.sequence), SQLBind(c.at), SQLBind(c.fromTier), SQLBind(c.toTier), SQLBind(c.cause.rawValue),
                     SQLBind(c.orderId), SQLBind(c.note)]
                }).run()
        }
        var freshLots: [(Customer.ID, PointsLot)] = []
        var changedLots: [(Customer.ID, PointsLot)] = []
        var freshActivity: [(Customer.ID, OrderActivity)] = []
        var changedActivity: [OrderActivity] = []
        for (engine, loaded) in runs {
            let state = engine.state
            let lots = Dictionary(uniqueKeysWithValues: state.lots.map { ($0.number, $0) })
            freshLots += engine.newLots.sorted().compactMap { lots[$0] }.map { (state.customerId, $0) }
            changedLots += engine.changedLots.sorted().compactMap { lots[$0] }.map { (state.customerId, $0) }
            for activity in engine.changedActivity.sorted(by: { $0.uuidString < $1.uuidString }).compactMap({ state.activity[$0] }) {
                if loaded.activity[activity.orderId] == nil { freshActivity.append((state.customerId, activity)) } else { changedActivity.append(activity) }
            }
        }
        for chunk in freshLots.chunked(into: 200) {
            try await sql.insert(into: "points_lots")
                .columns("customer_id", "lot_no", "earned_at", "available_at", "expires_at", "points", "remaining", "order_id")
                .rows(chunk.map { customer, l in
                    [SQLBind(customer), SQLBind(l.number), SQLBind(l.earnedAt), SQLBind(l.availableAt), SQLBind(l.expiresAt), SQLBind(l.points),
                     SQLBind(l.remaining), SQLBind(l.orderId)]
                }).run()
        }
        for (customer, lot) in changedLots {
            try await sql.update("points_lots").set("remaining", to: lot.remaining)
                .where("customer_id", .equal, customer).where("lot_no", .equal, lot.number).run()
        }
        for chunk in freshActivity.chunked(into: 200) {
            try await sql.insert(into: "membership_activity")
                .columns("order_id", "customer_id", "occurred_at", "net_spend", "counts", "points_earned", "points_reversed", "non_points_paid",
                         "non_points_refunded", "points_redeemed", "points_paid", "points_refunded", "points_credited", "lot_no")
                .rows(chunk.map { customer, a in
                    [SQLBind(a.orderId), SQLBind(customer), SQLBind(a.occurredAt), SQLBind(a.netSpendMinor), SQLBind(a.counts), SQLBind(a.pointsEarned),
                     SQLBind(a.pointsReversed), SQLBind(a.nonPointsPaidMinor), SQLBind(a.nonPointsRefundedMinor), SQLBind(a.pointsRedeemed),
                     SQLBind(a.pointsPaidMinor), SQLBind(a.pointsRefundedMinor), SQLBind(a.pointsCredited), SQLBind(a.lotNumber)]
                }).run()
        }
        for a in changedActivity {
            try await sql.update("membership_activity").set("net_spend", to: a.netSpendMinor).set("counts", to: a.counts)
                .set("points_reversed", to: a.pointsReversed).set("non_points_refunded", to: a.nonPointsRefundedMinor)
                .set("points_refunded", to: a.pointsRefundedMinor).set("points_credited", to: a.pointsCredited)
                .where("order_id", .equal, a.orderId).run()
        }
        for (engine, _) in runs {
            let state = engine.state
            let standing = state.standing
            try await sql.update("membership")
                .set("tier", to: standing.tier).set("earned_tier", to: standing.earnedTier).set("since", to: SQLBind(standing.since))
                .set("review_due", to: SQLBind(standing.reviewDue)).set("grace_until", to: SQLBind(standing.graceUntil))
                .set("override_id", to: SQLBind(standing.override?.id)).set("override_tier", to: SQLBind(standing.override?.tier))
                .set("override_reason", to: SQLBind(standing.override?.reason)).set("override_set_at", to: SQLBind(standing.override?.setAt))
                .set("override_until", to: SQLBind(standing.override?.until)).set("override_by", to: SQLBind(standing.override?.setBy))
                .set("balance", to: state.balance).set("debt", to: state.debt).set("last_entry", to: state.lastEntry)
                .set("last_tier_change", to: state.lastTierChange).set("advanced_to", to: SQLBind(state.advancedTo))
                .set("last_input_at", to: SQLBind(state.lastInput?.at)).set("last_input_rank", to: SQLBind(state.lastInput?.rank))
                .set("last_input_id", to: SQLBind(state.lastInput?.id)).set("next_event_at", to: SQLBind(engine.nextEventDate))
                .where("customer_id", .equal, state.customerId).run()
        }
    }

    static func deleteDerived(_ customers: [Customer.ID], on sql: any SQLDatabase) async throws {
        guard !customers.isEmpty else { return }
        for table in derivedTables {
            try await sql.delete(from: table).where("customer_id", .in, customers).run()
        }
    }

    static func decodeLot(_ row: any SQLRow) throws -> PointsLot {
        PointsLot(number: try row.decode(column: "lot_no", as: Int.self), earnedAt: try row.decode(column: "earned_at", as: Date.self),
                  availableAt: try row.decode(column: "available_at", as: Date.self), expiresAt: try row.decode(column: "expires_at", as: Date?.self),
                  points: try row.decode(column: "points", as: Int64.self), remaining: try row.decode(column: "remaining", as: Int64.self),
                  orderId: try row.decode(column: "order_id", as: UUID?.self))
    }

    static func decodeActivity(_ row: any SQLRow) throws -> OrderActivity {
        OrderActivity(orderId: try row.decode(column: "order_id", as: UUID.self), occurredAt: try row.decode(column: "occurred_at", as: Date.self),
                      netSpendMinor: try row.decode(column: "net_spend", as: Int64.self), counts: try row.decode(column: "counts", as: Bool.self),
                      pointsEarned: try row.decode(column: "points_earned", as: Int64.self),
                      pointsReversed: try row.decode(column: "points_reversed", as: Int64.self),
                      nonPointsPaidMinor: try row.decode(column: "non_points_paid", as: Int64.self),
                      nonPointsRefundedMinor: try row.decode(column: "non_points_refunded", as: Int64.self),
                      pointsRedeemed: try row.decode(column: "points_redeemed", as: Int64.self),
                      pointsPaidMinor: try row.decode(column: "points_paid", as: Int64.self),
                      pointsRefundedMinor: try row.decode(column: "points_refunded", as: Int64.self),
                      pointsCredited: try row.decode(column: "points_credited", as: Int64.self),
                      lotNumber: try row.decode(column: "lot_no", as: Int?.self))
    }

    static func decodeEntry(_ row: any SQLRow) throws -> PointsEntry {
        PointsEntry(customerId: try row.decode(column: "customer_id", as: UUID.self), sequence: try row.decode(column: "seq", as: Int.self),
                    kind: try row.decodeEnum(column: "kind", as: PointsEntryKind.self),
                    points: try row.decode(column: "points", as: Int64.self), at: try row.decode(column: "at", as: Date.self),
                    orderId: try row.decode(column: "order_id", as: UUID?.self), returnId: try row.decode(column: "return_id", as: UUID?.self),
                    shortfall: try row.decode(column: "shortfall", as: Int64.self), balanceAfter: try row.decode(column: "balance_after", as: Int64.self),
                    note: try row.decode(column: "note", as: String.self))
    }

    static func decodeTierChange(_ row: any SQLRow) throws -> TierChange {
        TierChange(customerId: try row.decode(column: "customer_id", as: UUID.self), sequence: try row.decode(column: "seq", as: Int.self),
                   at: try row.decode(column: "at", as: Date.self), fromTier: try row.decode(column: "from_tier", as: String.self),
                   toTier: try row.decode(column: "to_tier", as: String.self),
                   cause: try row.decodeEnum(column: "cause", as: TierChange.Cause.self),
                   orderId: try row.decode(column: "order_id", as: UUID?.self), note: try row.decode(column: "note", as: String.self))
    }
}

extension JSONDecoder {
    /// Dates in the programme file are ISO 8601, like everywhere in the API.
    static var membership: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension JSONEncoder {
    static var membership: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
