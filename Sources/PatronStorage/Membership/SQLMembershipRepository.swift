import Foundation
import PatronCore
import SQLKit

public struct SQLMembershipRepository: MembershipRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func programme() async throws -> MembershipProgramme {
        try await database.read { sql in try await MembershipRows.programme(on: sql) }
    }

    /// Stores the programme. It applies to inputs from now on; `patron membership rebuild` applies it to the
    /// whole history.
    public func save(_ programme: MembershipProgramme, audit: AuditEvent) async throws {
        let value = String(decoding: try JSONEncoder.membership.encode(programme), as: UTF8.self)
        try await database.transaction { sql in
            try await SQLSettingsRepository.put(MembershipRows.programmeKey, value: value, dialect: self.database.dialect, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func summary(of customer: Customer.ID, at date: Date) async throws -> MembershipSummary {
        try await database.read { sql in
            let programme = try await MembershipRows.programme(on: sql)
            var engine = MembershipEngine(programme: programme, state: try await MembershipRows.load(customer, programme: programme, lock: false, on: sql))
            engine.advance(to: date)
            var reason = engine.tierChanges.last
            if reason == nil {
                reason = try await sql.select().column("*").from("tier_history").where("customer_id", .equal, customer)
                    .orderBy("seq", .descending).limit(1).first().map(MembershipRows.decodeTierChange)
            }
            return engine.summary(at: date, reason: reason)
        }
    }

    /// When nothing is due for the customer by `date` (their `next_event_at` is later), `advance(to:)` would not
    /// act, so the engine needs only the lots' totals per expiry and availability, and the orders inside the
    /// qualification window: those are read grouped and windowed. Otherwise the whole state, as `summary`.
    public func position(of customer: Customer.ID, at date: Date) async throws -> MembershipSummary {
        let date = date.atStoragePrecision
        let compact = try await database.read { sql -> MembershipSummary? in
            let programme = try await MembershipRows.programme(on: sql)
            guard let state = try await MembershipRows.loadCompact(customer, programme: programme, at: date, on: sql) else { return nil }
            var engine = MembershipEngine(programme: programme, state: state)
            engine.advance(to: date)
            let reason = try await sql.select().column("*").from("tier_history").where("customer_id", .equal, customer)
                .orderBy("seq", .descending).limit(1).first().map(MembershipRows.decodeTierChange)
            var summary = engine.summary(at: date, reason: reason)
            summary.points.lots = []
            return summary
        }
        if let compact { return compact }
        var summary = try await summary(of: customer, at: date)
        summary.points.lots = []
        return summary
    }

    public func tierHistory(of customer: Customer.ID, page: PageRequest) async throws -> Page<TierChange> {
        try await newestFirst(table: "tier_history", customer: customer, page: page, decode: MembershipRows.decodeTierChange, sequence: \.sequence)
    }

    public func ledger(of customer: Customer.ID, page: PageRequest) async throws -> Page<PointsEntry> {
        try await newestFirst(table: "points_ledger", customer: customer, page: page, decode: MembershipRows.decodeEntry, sequence: \.sequence)
    }

    private func newestFirst<Item: Sendable>(table: String, customer: Customer.ID, page: PageRequest,
                                             decode: @escaping @Sendable (any SQLRow) throws -> Item,
                                             sequence: @escaping @Sendable (Item) -> Int) async throws -> Page<Item> {
        let before = try page.decodedCursor().map { cursor in
            guard let value = Int(cursor) else { throw PatronError.invalid(field: "cursor", message: "the cursor is not one this list handed out") }
            return value
        }
        return try await database.read { sql in
            var query = sql.select().column("*").from(table).where("customer_id", .equal, customer)
                .orderBy("seq", .descending).limit(page.limit + 1)
            if let before { query = query.where("seq", .lessThan, before) }
            let items = try await query.all().map(decode)
            let next = items.count > page.limit ? PageRequest.encodeCursor(String(sequence(items[page.limit - 1]))) : nil
            return Page(items: Array(items.prefix(page.limit)), nextCursor: next)
        }
    }

    public func adjust(_ adjustment: PointsAdjustment, audit: AuditEvent) async throws -> PointsEntry {
        var adjustment = adjustment
        adjustment.at = adjustment.at.atStoragePrecision
        return try await database.transaction { [adjustment] sql in
            try await sql.insert(into: "points_adjustments").columns("id", "customer_id", "points", "reason", "at", "by_actor")
                .values(SQLBind(adjustment.id), SQLBind(adjustment.customerId), SQLBind(adjustment.points), SQLBind(adjustment.reason),
                        SQLBind(adjustment.at), SQLBind(adjustment.by)).run()
            let programme = try await MembershipRows.programme(on: sql)
            let engine = try await MembershipReplay.apply(.adjusted(adjustment), to: adjustment.customerId, strict: true, programme: programme, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
            guard let entry = engine.entries.last(where: { $0.kind == .adjust && $0.at == adjustment.at }) ?? engine.entries.last else {
                throw PatronError.conflict(field: nil, message: "the adjustment produced no ledger entry")
            }
            return entry
        }
    }

    public func setOverride(_ override: TierOverride, for customer: Customer.ID, audit: AuditEvent) async throws {
        var override = override
        override.setAt = override.setAt.atStoragePrecision
        override.until = override.until?.atStoragePrecision
        try await database.transaction { [override] sql in
            let programme = try await MembershipRows.programme(on: sql)
            if let running = try await MembershipRows.load(customer, programme: programme, lock: true, on: sql).standing.override {
                try await endStored(running.id, at: override.setAt, by: override.setBy, on: sql)
                try await MembershipReplay.apply(.overrideEnded(id: running.id, at: override.setAt, by: override.setBy), to: customer,
                                                 strict: true, programme: programme, on: sql)
            }
            try await sql.insert(into: "tier_overrides").columns("id", "customer_id", "tier", "reason", "set_at", "until", "set_by")
                .values(SQLBind(override.id), SQLBind(customer), SQLBind(override.tier), SQLBind(override.reason), SQLBind(override.setAt),
                        SQLBind(override.until), SQLBind(override.setBy)).run()
            try await MembershipReplay.apply(.overrideSet(override), to: customer, strict: true, programme: programme, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func endOverride(of customer: Customer.ID, at date: Date, by actor: String, audit: AuditEvent) async throws -> Bool {
        let date = date.atStoragePrecision
        return try await database.transaction { sql in
            let programme = try await MembershipRows.programme(on: sql)
            var state = try await MembershipRows.load(customer, programme: programme, lock: true, on: sql)
            var engine = MembershipEngine(programme: programme, state: state)
            engine.advance(to: date)
            state = engine.state
            guard let running = state.standing.override else { return false }
            try await endStored(running.id, at: date, by: actor, on: sql)
            try await MembershipReplay.apply(.overrideEnded(id: running.id, at: date, by: actor), to: customer, strict: true, programme: programme, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
            return true
        }
    }

    private func endStored(_ id: UUID, at date: Date, by actor: String, on sql: any SQLDatabase) async throws {
        try await sql.update("tier_overrides").set("ended_at", to: date).set("ended_by", to: actor).where("id", .equal, id).run()
    }

    public func liability(at date: Date) async throws -> PointsLiability {
        try await database.read { sql in
            let programme = try await MembershipRows.programme(on: sql)
            // Summed in the database: a chain's open lots run to millions of rows. SUM of BIGINT is NUMERIC on
            // PostgreSQL, hence the casts.
            let row = try await sql.raw("""
                SELECT CAST(COALESCE(SUM(CASE WHEN available_at <= \(bind: date) THEN remaining ELSE 0 END), 0) AS BIGINT) AS available,
                       CAST(COALESCE(SUM(CASE WHEN available_at > \(bind: date) THEN remaining ELSE 0 END), 0) AS BIGINT) AS pending,
                       CAST(COUNT(DISTINCT customer_id) AS BIGINT) AS members
                FROM points_lots WHERE remaining > 0 AND (expires_at IS NULL OR expires_at > \(bind: date))
                """).first()
            let available = try row?.decode(column: "available", as: Int64.self) ?? 0
            let pending = try row?.decode(column: "pending", as: Int64.self) ?? 0
            return PointsLiability(asOf: date, availablePoints: available, pendingPoints: pending,
                                   members: Int(try row?.decode(column: "members", as: Int64.self) ?? 0),
                                   currency: programme.currency, valueMinor: programme.redemption.valueOf(available + pending))
        }
    }

    public func advanceAll(to date: Date) async throws -> Int {
        let date = date.atStoragePrecision
        let due = try await database.read { sql in
            try await sql.select().column("customer_id").from("membership").where("next_event_at", .lessThanOrEqual, date)
                .orderBy("customer_id").all().map { try $0.decode(column: "customer_id", as: UUID.self) }
        }
        for chunk in due.chunked(into: 100) {
            try await database.transaction { sql in
                let programme = try await MembershipRows.programme(on: sql)
                for customer in chunk {
                    let loaded = try await MembershipRows.load(customer, programme: programme, lock: true, on: sql)
                    var engine = MembershipEngine(programme: programme, state: loaded)
                    engine.advance(to: date)
                    try await MembershipRows.save(engine, loaded: loaded, on: sql)
                }
            }
        }
        return due.count
    }

    public func rebuild(asOf date: Date) async throws -> RebuildReport {
        let customers = try await database.read { sql in
            var ids = Set<UUID>()
            for (table, column) in [("orders", "customer_id"), ("points_adjustments", "customer_id"), ("tier_overrides", "customer_id"),
                                    ("membership", "customer_id")] {
                for row in try await sql.select().distinct().column(column).from(table).where(SQLIdentifier(column), .isNot, SQLLiteral.null).all() {
                    ids.insert(try row.decode(column: column, as: UUID.self))
                }
            }
            let live = try await sql.select().column("id").from("customers").where("erased_at", .is, SQLLiteral.null)
                .where("merged_into", .is, SQLLiteral.null).all().map { try $0.decode(column: "id", as: UUID.self) }
            return ids.intersection(live).sorted { $0.uuidString < $1.uuidString }
        }
        var report = RebuildReport(customers: 0, entries: 0, tierChanges: 0)
        for chunk in customers.chunked(into: 50) {
            let counts = try await database.transaction { sql in
                let programme = try await MembershipRows.programme(on: sql)
                var entries = 0
                var changes = 0
                for customer in chunk {
                    let engine = try await MembershipReplay.replay(customer, programme: programme, through: date, on: sql)
                    entries += engine.entries.count
                    changes += engine.tierChanges.count
                }
                return (entries, changes)
            }
            report.customers += chunk.count
            report.entries += counts.0
            report.tierChanges += counts.1
        }
        return report
    }
}
