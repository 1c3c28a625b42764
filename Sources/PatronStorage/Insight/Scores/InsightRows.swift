import Foundation
import PatronCore
import SQLKit

/// Reads and writes `customer_insight` and the insight settings and models. The refresh, the order
/// subscriber and the data participant all store through `write`, so a row holds the same columns whichever
/// path computed it.
enum InsightRows {
    static let table = "customer_insight"
    static let settingsKey = "insight.settings"
    static let chainScope = "chain"
    /// SQLite allows 32,766 bound values per statement; 24 columns a row keeps a batch well under it.
    static let batchSize = 500

    static let columns = ["customer_id", "computed_at", "orders", "purchase_days", "frequency", "first_purchase_day", "last_purchase_day",
                          "recency_weeks", "age_weeks", "net_spend", "first_day_spend", "avg_repeat_spend", "r_score", "f_score", "m_score",
                          "segment", "stage", "stage_since_day", "p_alive", "expected_purchases", "expected_spend", "clv", "clv_sort",
                          "model_version"]

    static func values(_ insight: CustomerInsight, today: Int) -> [any Encodable & Sendable] {
        let f = insight.features
        return [f.customerId, insight.computedAt, f.orders, f.purchaseDays, f.frequency, f.firstPurchaseDay, f.lastPurchaseDay,
                f.recencyWeeks, f.ageWeeks(today: today), f.netSpendMinor, f.firstDaySpendMinor,
                f.averageRepeatSpendMinor.map { Int64($0.rounded()) }, insight.rfm?.r, insight.rfm?.f, insight.rfm?.m,
                insight.segment?.rawValue, insight.stage.rawValue, insight.stageSinceDay, insight.forecast?.pAlive,
                insight.forecast?.expectedPurchases, insight.forecast?.expectedSpendMinor, insight.forecast?.clvMinor,
                insight.forecast?.clvMinor ?? -1, insight.modelVersion]
    }

    /// Inserts or replaces the rows, in one multi-row statement per batch.
    static func write(_ insights: [CustomerInsight], today: Int, on sql: any SQLDatabase) async throws {
        try await sql.bulkInsert(into: table, columns: columns, rows: insights.lazy.map { values($0, today: today) },
                                 upsertKey: ["customer_id"], rowsPerStatement: batchSize)
    }

    /// The stored features of a row (its feature columns, not its scores).
    static func features(_ row: any SQLRow) throws -> CustomerFeatures {
        CustomerFeatures(
            customerId: try row.decode(column: "customer_id", as: UUID.self), orders: try row.decode(column: "orders", as: Int.self),
            purchaseDays: try row.decode(column: "purchase_days", as: Int.self),
            firstPurchaseDay: try row.decode(column: "first_purchase_day", as: Int?.self),
            lastPurchaseDay: try row.decode(column: "last_purchase_day", as: Int?.self),
            netSpendMinor: try row.decode(column: "net_spend", as: Int64.self),
            firstDaySpendMinor: try row.decode(column: "first_day_spend", as: Int64.self))
    }

    static func decode(_ row: any SQLRow) throws -> CustomerInsight {
        let features = try features(row)
        var rfm: RFMScores?
        if let r = try row.decode(column: "r_score", as: Int?.self), let f = try row.decode(column: "f_score", as: Int?.self),
           let m = try row.decode(column: "m_score", as: Int?.self) {
            rfm = RFMScores(r: r, f: f, m: m)
        }
        var forecast: CustomerForecast?
        if let pAlive = try row.decode(column: "p_alive", as: Double?.self) {
            forecast = CustomerForecast(pAlive: pAlive, expectedPurchases: try row.decode(column: "expected_purchases", as: Double?.self) ?? 0,
                                        expectedSpendMinor: try row.decode(column: "expected_spend", as: Int64?.self) ?? 0,
                                        clvMinor: try row.decode(column: "clv", as: Int64?.self) ?? 0)
        }
        return CustomerInsight(features: features, computedAt: try row.decode(column: "computed_at", as: Date.self), rfm: rfm,
                               segment: try row.decodeEnumIfPresent(column: "segment", as: RFMSegment.self),
                               stage: try row.decodeEnum(column: "stage", as: LifecycleStage.self),
                               stageSinceDay: try row.decode(column: "stage_since_day", as: Int.self), forecast: forecast,
                               modelVersion: try row.decode(column: "model_version", as: String?.self))
    }

    static func settings(on sql: any SQLDatabase) async throws -> InsightSettings {
        guard let stored = try await sql.select().column("value").from("settings").where("key", .equal, settingsKey).first()?
            .decode(column: "value", as: String.self) else { return .defaults }
        return try JSONDecoder().decode(InsightSettings.self, from: Data(stored.utf8))
    }

    static func models(on sql: any SQLDatabase) async throws -> InsightModels {
        guard let stored = try await sql.select().column("parameters").from("insight_models").where("scope", .equal, chainScope).first()?
            .decode(column: "parameters", as: String.self) else { return .none }
        return try JSONDecoder.membership.decode(InsightModels.self, from: Data(stored.utf8))
    }

    static func save(_ models: InsightModels, dialect: SQLDialect, on sql: any SQLDatabase) async throws {
        let value = String(decoding: try JSONEncoder.membership.encode(models), as: UTF8.self)
        try await dialect.upsert(into: "insight_models", key: ["scope"], columns: ["scope", "version", "parameters", "computed_at"],
                                 values: [SQLBind(chainScope), SQLBind(models.version), SQLBind(value), SQLBind(models.computedAt)],
                                 replacing: ["version", "parameters", "computed_at"], on: sql)
    }

    /// Those of `customers` that have a stored row.
    static func scored(_ customers: Set<Customer.ID>, on sql: any SQLDatabase) async throws -> [Customer.ID] {
        var found: [Customer.ID] = []
        for chunk in Array(customers).chunked(into: batchSize) {
            found += try await sql.select().column("customer_id").from(table).where("customer_id", .in, Array(chunk)).all()
                .map { try $0.decode(column: "customer_id", as: UUID.self) }
        }
        return found
    }

    /// Recomputes the customers' features with the one-customer aggregate and scores them from the stored cut
    /// points and parameters (closed form, no refit), storing the rows and publishing each stage change on
    /// `events` in the same transaction. A customer no longer live loses their row.
    static func rescore(_ customers: [Customer.ID], at date: Date, events: DomainEvents, on sql: any SQLDatabase) async throws {
        guard !customers.isEmpty else { return }
        let scorer = InsightScorer(settings: try await settings(on: sql), models: try await models(on: sql), at: date)
        let dialect = SQLDialect(of: sql)
        var insights: [CustomerInsight] = []
        var changes: [DomainEvent] = []
        for customer in Set(customers).sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let row = try await sql.raw(InsightFeatureQuery.query(customer: customer, dialect: dialect)).first() else {
                try await sql.delete(from: table).where("customer_id", .equal, customer).run()
                continue
            }
            let (features, previous) = try InsightFeatureQuery.decode(row)
            let insight = scorer.score(features, previous: previous)
            insights.append(insight)
            if let previous, previous.stage != insight.stage {
                changes.append(.lifecycleStageChanged(LifecycleStageNotice(customerId: customer, previousStage: previous.stage.rawValue,
                                                                           stage: insight.stage.rawValue, at: date)))
            }
        }
        try await write(insights, today: scorer.today, on: sql)
        try await events.publish(changes, on: sql)
    }
}
