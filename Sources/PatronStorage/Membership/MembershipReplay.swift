import Foundation
import PatronCore
import SQLKit

/// Runs the engine against the database: one input on top of the stored state when it arrives in order,
/// otherwise a replay of the customer's whole history, which is also what `patron membership rebuild` does
/// for everyone. Inputs are always stored before they are applied, so a replay sees them all.
enum MembershipReplay {
    /// Applies `input` for `customer` in the caller's transaction. With `strict`, a redemption or deduction
    /// the balance cannot cover is refused, also when the input arrived late and forced a replay.
    @discardableResult
    static func apply(_ input: MembershipInput, to customer: Customer.ID, strict: Bool, programme: MembershipProgramme,
                      on sql: any SQLDatabase) async throws -> MembershipEngine {
        let loaded = try await MembershipRows.load(customer, programme: programme, lock: true, on: sql)
        var inOrder = loaded.accepts(input)
        if case .refunded(let order, _) = input, loaded.activity[order.id] == nil { inOrder = false }
        if inOrder {
            var engine = MembershipEngine(programme: programme, state: loaded)
            try engine.apply(input, strict: strict)
            try await MembershipRows.save(engine, loaded: loaded, on: sql)
            return engine
        }
        let shortfallBefore = try await shortfall(of: customer, on: sql)
        let engine = try await replay(customer, programme: programme, through: loaded.advancedTo, on: sql)
        let shortfallAfter = engine.entries.reduce(0) { $0 + $1.shortfall }
        if strict && shortfallAfter > shortfallBefore {
            throw PatronError.insufficientPoints(field: inputField(input), available: max(0, loaded.available(at: input.at)),
                                                 requested: shortfallAfter - shortfallBefore)
        }
        return engine
    }

    /// Applies many stored inputs (POS history, so not strict) for many customers: each customer's inputs in
    /// time order on top of its state, or a replay for a customer whose inputs arrived out of order.
    static func apply(_ inputs: [(Customer.ID, MembershipInput)], programme: MembershipProgramme, on sql: any SQLDatabase) async throws {
        var byCustomer: [Customer.ID: [MembershipInput]] = [:]
        for (customer, input) in inputs { byCustomer[customer, default: []].append(input) }
        let states = try await MembershipRows.load(Array(byCustomer.keys), programme: programme, lock: true, on: sql)
        var runs: [(engine: MembershipEngine, loaded: MemberState)] = []
        for customer in byCustomer.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
            let loaded = states[customer] ?? .new(customer, programme: programme)
            let ordered = MembershipInput.chronological(byCustomer[customer]!)
            guard loaded.accepts(ordered[0]) else {
                try await replay(customer, programme: programme, through: loaded.advancedTo, on: sql)
                continue
            }
            var engine = MembershipEngine(programme: programme, state: loaded)
            for input in ordered { try engine.apply(input, strict: false) }
            runs.append((engine, loaded))
        }
        try await MembershipRows.save(runs, on: sql)
    }

    /// Clears the customer's derived rows and folds every stored input again, then acts on dated events up to
    /// `through`. The membership row is reset in place, never deleted, so writers waiting on its lock still
    /// find it.
    @discardableResult
    static func replay(_ customer: Customer.ID, programme: MembershipProgramme, through date: Date?, on sql: any SQLDatabase) async throws -> MembershipEngine {
        let inputs = try await self.inputs(of: customer, programme: programme, on: sql)
        _ = try await MembershipRows.load(customer, programme: programme, lock: true, on: sql)
        for table in MembershipRows.derivedTables where table != "membership" {
            try await sql.delete(from: table).where("customer_id", .equal, customer).run()
        }
        let fresh = MemberState.new(customer, programme: programme)
        var engine = MembershipEngine(programme: programme, state: fresh)
        for input in MembershipInput.chronological(inputs) {
            try engine.apply(input, strict: false)
        }
        if let date { engine.advance(to: date) }
        try await MembershipRows.save(engine, loaded: fresh, on: sql)
        return engine
    }

    /// Everything stored that moves the customer's membership: orders and their returns, adjustments and
    /// overrides.
    static func inputs(of customer: Customer.ID, programme: MembershipProgramme, on sql: any SQLDatabase) async throws -> [MembershipInput] {
        let orderRows = try await sql.select().column("*").from("orders").where("customer_id", .equal, customer).all()
        let orders = try await SQLOrderRepository.withDetails(orderRows, on: sql)
        let categories = try await lineCategories(orders, programme: programme, on: sql)
        var inputs: [MembershipInput] = []
        let withReturns = orders.isEmpty ? [] : Set(try await sql.select().column("order_id").from("order_returns")
            .where("order_id", .in, orders.map(\.id)).all().map { try $0.decode(column: "order_id", as: UUID.self) })
        for order in orders {
            inputs.append(.placed(order, lineCategories: categories[order.id] ?? []))
            guard withReturns.contains(order.id) else { continue }
            let returns = try await SQLOrderRepository.returns(of: order.id, on: sql)
            for index in returns.indices {
                var then = order
                then.status = RefundRules.status(of: order, after: Array(returns[...index]))
                inputs.append(.refunded(then, returns[index]))
            }
        }
        for row in try await sql.select().column("*").from("points_adjustments").where("customer_id", .equal, customer).all() {
            inputs.append(.adjusted(PointsAdjustment(
                id: try row.decode(column: "id", as: UUID.self), customerId: customer, points: try row.decode(column: "points", as: Int64.self),
                reason: try row.decode(column: "reason", as: String.self), at: try row.decode(column: "at", as: Date.self),
                by: try row.decode(column: "by_actor", as: String.self))))
        }
        for row in try await sql.select().column("*").from("tier_overrides").where("customer_id", .equal, customer).all() {
            let id = try row.decode(column: "id", as: UUID.self)
            inputs.append(.overrideSet(TierOverride(
                id: id, tier: try row.decode(column: "tier", as: String.self), reason: try row.decode(column: "reason", as: String.self),
                setAt: try row.decode(column: "set_at", as: Date.self), until: try row.decode(column: "until", as: Date?.self),
                setBy: try row.decode(column: "set_by", as: String.self))))
            if let ended = try row.decode(column: "ended_at", as: Date?.self) {
                inputs.append(.overrideEnded(id: id, at: ended, by: try row.decode(column: "ended_by", as: String?.self) ?? "staff"))
            }
        }
        return inputs
    }

    /// Per order and line, the codes of the product's category and its ancestors; only looked up when the
    /// programme has category multipliers.
    static func lineCategories(_ orders: [Order], programme: MembershipProgramme, on sql: any SQLDatabase) async throws -> [Order.ID: [[String]]] {
        guard !programme.earning.categoryMultipliers.isEmpty else { return [:] }
        let productIds = Array(Set(orders.flatMap { $0.lines.compactMap(\.productId) }))
        guard !productIds.isEmpty else { return [:] }
        var categoryOf: [UUID: UUID] = [:]
        for row in try await sql.select().column("id").column("category_id").from("products").where("id", .in, productIds).all() {
            if let category = try row.decode(column: "category_id", as: UUID?.self) { categoryOf[try row.decode(column: "id", as: UUID.self)] = category }
        }
        var tree: [UUID: (code: String, parent: UUID?)] = [:]
        for row in try await sql.select().column("id").column("code").column("parent_id").from("product_categories").all() {
            tree[try row.decode(column: "id", as: UUID.self)] = (try row.decode(column: "code", as: String.self), try row.decode(column: "parent_id", as: UUID?.self))
        }
        func chain(_ start: UUID?) -> [String] {
            var codes: [String] = []
            var current = start
            while let id = current, let node = tree[id], codes.count < 16 {
                codes.append(node.code)
                current = node.parent
            }
            return codes
        }
        var result: [Order.ID: [[String]]] = [:]
        for order in orders {
            result[order.id] = order.lines.map { line in chain(line.productId.flatMap { categoryOf[$0] }) }
        }
        return result
    }

    static func shortfall(of customer: Customer.ID, on sql: any SQLDatabase) async throws -> Int64 {
        // SUM of a BIGINT is NUMERIC on PostgreSQL; the cast keeps one decoder for both engines.
        try await sql.select().column(SQLRaw("CAST(COALESCE(SUM(shortfall), 0) AS BIGINT)"), as: "total")
            .from("points_ledger").where("customer_id", .equal, customer).first()?.decode(column: "total", as: Int64.self) ?? 0
    }

    private static func inputField(_ input: MembershipInput) -> String {
        if case .adjusted = input { return "points" }
        return "payments"
    }
}
