import Foundation
import PatronCore
import PatronTestSupport
import SQLKit
import Testing
@testable import PatronStorage

/// The membership ledger on the real engines: concurrent redemptions, and the rebuild reproducing the
/// incremental path exactly.
struct MembershipLedgerTests {
    static func loadDemo(_ database: Database, customers: Int = 12) async throws -> DemoDataSet {
        let options = DemoDataSet.Options(seed: 11, customerCount: customers)
        _ = try await DemoLoader(database: database, cipher: FieldCipher(.random()), hasher: BcryptPasswordHasher(cost: 4),
                                 logger: TestDatabase.logger).load(options, adminPassword: "demo-password-1")
        return DemoDataSet.generate(options)
    }

    static let staff = AuditEvent.Actor(kind: .staff, id: nil, name: "tester")

    @Test func fiftyConcurrentRedemptionsNeverSpendMoreThanTheBalance() async throws {
        try await TestDatabase.with { database in
            let data = try await Self.loadDemo(database, customers: 3)
            let membership = SQLMembershipRepository(database)
            let customer = data.customers[0].id
            let product = data.products[0]
            // Give the customer a known spendable balance on top of the demo history.
            let before = try await membership.summary(of: customer, at: Date()).points.available
            _ = try await membership.adjust(PointsAdjustment(customerId: customer, points: 1_000, reason: "test float", by: "tester"), audit: .test)
            let available = before + 1_000
            let cost = available / 20 + 7
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in 0..<50 {
                    group.addTask {
                        let order = Order(storeId: data.stores[0].id, posNumber: "RD-\(attempt)", channel: .store, customerId: customer,
                                          occurredAt: Date(), lines: [OrderLine(sku: product.sku, productId: product.id, quantity: 1, unitPriceMinor: cost)],
                                          payments: [Payment(method: .points, amountMinor: cost)])
                        do {
                            _ = try await SQLOrderRepository(database).ingest(order, audit: .test)
                            return true
                        } catch PatronError.insufficientPoints {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let succeeded = Int64(results.filter { $0 }.count)
            #expect(succeeded == available / cost, "every redemption the balance covers succeeds, and no other")
            let stored = try await database.read { sql in
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("orders")
                    .where("pos_number", .like, "RD-%").first()!.decode(column: "n", as: Int64.self)
            }
            #expect(stored == succeeded, "a refused redemption leaves no order behind")
            let after = try await membership.summary(of: customer, at: Date()).points
            #expect(after.balance == available - succeeded * cost)
            #expect(after.balance >= 0)
            try await Self.expectConsistentLedger(database, customer: customer, balance: after.balance)
        }
    }

    /// Balance equals the sum of the ledger and each lot's consumptions account for exactly what it lost.
    static func expectConsistentLedger(_ database: Database, customer: Customer.ID, balance: Int64) async throws {
        try await database.read { sql in
            let entries = try await sql.select().column("*").from("points_ledger").where("customer_id", .equal, customer)
                .orderBy("seq").all().map(MembershipRows.decodeEntry)
            #expect(entries.reduce(0) { $0 + $1.points } == balance)
            var running: Int64 = 0
            for entry in entries {
                running += entry.points
                #expect(entry.balanceAfter == running)
            }
            let lots = try await sql.select().column("*").from("points_lots").where("customer_id", .equal, customer).all().map(MembershipRows.decodeLot)
            var consumed: [Int: Int64] = [:]
            for row in try await sql.select().column("*").from("points_consumptions").where("customer_id", .equal, customer).all() {
                consumed[try row.decode(column: "lot_no", as: Int.self), default: 0] += try row.decode(column: "points", as: Int64.self)
            }
            for lot in lots {
                #expect(lot.remaining >= 0)
                #expect(consumed[lot.number, default: 0] == lot.points - lot.remaining, "lot \(lot.number) consumed once, exactly")
            }
        }
    }

    @Test func rebuildReproducesTheIncrementalLedgerAndTierHistoryExactly() async throws {
        try await TestDatabase.with { database in
            let data = try await Self.loadDemo(database)
            let membership = SQLMembershipRepository(database)
            let orders = SQLOrderRepository(database)
            // Beyond the demo's sales: refunds (partial and full), a points payment, adjustments and overrides.
            let bought = data.orders.filter { $0.customerId != nil }
            for (index, order) in bought.suffix(6).enumerated() {
                let units = index % 2 == 0 ? 1 : order.lines[0].quantity
                let request = OrderReturn(orderId: order.id, lines: [.init(lineNumber: 1, quantity: units)], refunds: [], reason: "changed mind")
                let (checked, status) = try RefundRules.check(request, order: order, earlier: try await orders.returns(of: order.id))
                try await orders.record(checked, status: status, audit: .test)
            }
            let regular = data.customers[1].id
            _ = try await membership.adjust(PointsAdjustment(customerId: regular, points: 2_000, reason: "welcome gift", by: "tester"), audit: .test)
            _ = try await membership.adjust(PointsAdjustment(customerId: regular, points: -300, reason: "duplicate gift", by: "tester"), audit: .test)
            let product = data.products[0]
            let paidWithPoints = Order(storeId: data.stores[0].id, posNumber: "PTS-1", channel: .store, customerId: regular, occurredAt: Date(),
                                       lines: [OrderLine(sku: product.sku, productId: product.id, quantity: 1, unitPriceMinor: 5_000)],
                                       payments: [Payment(method: .points, amountMinor: 1_200), Payment(method: .cash, amountMinor: 3_800)])
            _ = try await orders.ingest(paidWithPoints, audit: .test)
            try await membership.setOverride(TierOverride(tier: "gold", reason: "store opening guest", setAt: Date(),
                                                          until: Date().addingTimeInterval(86_400 * 30), setBy: "tester"),
                                             for: data.customers[2].id, audit: .test)
            try await membership.setOverride(TierOverride(tier: "diamond", reason: "board member", setAt: Date(), until: nil, setBy: "tester"),
                                             for: data.customers[3].id, audit: .test)
            #expect(try await membership.endOverride(of: data.customers[3].id, at: Date(), by: "tester", audit: .test))

            let asOf = Date().addingTimeInterval(1)
            _ = try await membership.advanceAll(to: asOf)
            let incremental = try await Self.dump(database)
            let report = try await membership.rebuild(asOf: asOf)
            let rebuilt = try await Self.dump(database)
            #expect(report.entries > 0 && report.tierChanges > 0)
            #expect(incremental["points_ledger"]!.count == report.entries)
            for table in MembershipRows.derivedTables {
                #expect(!(incremental[table] ?? []).isEmpty, "\(table) is exercised")
                let (a, b) = (incremental[table] ?? [], rebuilt[table] ?? [])
                #expect(a == b, "\(table): \(zip(a, b).first { $0 != $1 }.map { "\($0)\n≠ \($1)" } ?? "row counts \(a.count) vs \(b.count)")")
            }
            for customer in data.customers.map(\.id) {
                let balance = try await membership.summary(of: customer, at: asOf).points.balance
                try await Self.expectConsistentLedger(database, customer: customer, balance: balance)
            }
        }
    }

    /// Every row of every derived table, each column rendered as text, in primary-key order.
    static func dump(_ database: Database) async throws -> [String: [String]] {
        let keys = ["points_consumptions": "customer_id, entry_seq, lot_no", "points_ledger": "customer_id, seq", "points_lots": "customer_id, lot_no",
                    "tier_history": "customer_id, seq", "membership_activity": "order_id", "membership": "customer_id"]
        return try await database.read { sql in
            var result: [String: [String]] = [:]
            for table in MembershipRows.derivedTables {
                let rows = try await sql.raw("SELECT * FROM \(unsafeRaw: table) ORDER BY \(unsafeRaw: keys[table]!)").all()
                result[table] = try rows.map { row in try row.allColumns.sorted().map { column in "\(column)=\(try render(row, column))" }.joined(separator: " ") }
            }
            return result
        }
    }

    static func render(_ row: any SQLRow, _ column: String) throws -> String {
        if try row.decodeNil(column: column) { return "NULL" }
        // SQLite hands back a stored REAL exactly as a Double; PostgreSQL's timestamps decode as Date to the microsecond.
        if let value = try? row.decode(column: column, as: Double.self) { return String(value) }
        if let value = try? row.decode(column: column, as: Date.self) { return String(value.timeIntervalSinceReferenceDate) }
        if let value = try? row.decode(column: column, as: Int64.self) { return String(value) }
        if let value = try? row.decode(column: column, as: UUID.self) { return value.uuidString }
        if let value = try? row.decode(column: column, as: Bool.self) { return String(value) }
        return try row.decode(column: column, as: String.self)
    }
}
