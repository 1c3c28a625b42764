import Foundation
import PatronCore
import SQLKit

/// The stored customer insight. A refresh runs in one write transaction: the feature aggregate streams one
/// row per live customer into a compact array (features, not orders: a few dozen bytes a customer), the RFM
/// cut points and the CLV models are computed from it, and every row is written back in multi-row batches.
/// Holding the transaction throughout keeps the rows consistent with the per-order updates, which wait.
public struct SQLInsightRepository: InsightRepository {
    let database: Database
    let events: DomainEvents

    public init(_ database: Database, events: DomainEvents = .standard) {
        self.database = database
        self.events = events
    }

    public func refresh(at date: Date, refit: Bool, rebuild: Bool,
                        progress: @escaping @Sendable (InsightRefreshProgress) -> Void) async throws -> InsightRefreshReport {
        try await database.transaction { sql in
            progress(InsightRefreshProgress(phase: .aggregating, done: 0, total: 0))
            let rows = try await InsightBase.read(rebuild: rebuild, dialect: self.database.dialect, on: sql)
            let today = CustomerFeatures.day(of: date)
            progress(InsightRefreshProgress(phase: .fitting, done: 0, total: rows.count))
            let models = try await self.models(for: rows.lazy.map(\.features), at: date, today: today, refit: refit, on: sql)
            try await InsightRows.save(models, dialect: self.database.dialect, on: sql)
            let purchasers = rows.count(where: { $0.features.hasPurchased })
            let scorer = InsightScorer(settings: try await InsightRows.settings(on: sql), models: models, at: date)
            try await sql.delete(from: InsightRows.table).run()
            var changes = 0
            for start in stride(from: 0, to: rows.count, by: InsightRows.batchSize) {
                let batch = rows[start..<min(start + InsightRows.batchSize, rows.count)]
                var insights: [CustomerInsight] = []
                insights.reserveCapacity(batch.count)
                var events: [DomainEvent] = []
                for (features, previous) in batch {
                    let insight = scorer.score(features, previous: previous)
                    insights.append(insight)
                    if let previous, previous.stage != insight.stage {
                        events.append(.lifecycleStageChanged(LifecycleStageNotice(customerId: features.customerId, previousStage: previous.stage.rawValue,
                                                                                  stage: insight.stage.rawValue, at: date)))
                    }
                }
                try await InsightRows.write(insights, today: today, on: sql)
                try await self.events.publish(events, on: sql)
                changes += events.count
                progress(InsightRefreshProgress(phase: .writing, done: start + batch.count, total: rows.count))
            }
            return InsightRefreshReport(computedAt: date, customers: rows.count, purchasers: purchasers, stageChanges: changes,
                                        modelsFitted: models.clv != nil, modelVersion: models.version)
        }
    }

    /// The cut points of this base and the CLV parameters fitted on it (on a sample above a quarter of a million
    /// purchasers, `InsightFitSample`); without `refit`, the stored models
    /// unchanged (so a rescore reproduces the per-order updates exactly), or fresh cut points if none are stored.
    private func models(for base: some Collection<CustomerFeatures>, at date: Date, today: Int, refit: Bool,
                        on sql: any SQLDatabase) async throws -> InsightModels {
        let stored = try await InsightRows.models(on: sql)
        if !refit && stored != .none { return stored }
        var recency: [Int] = []
        var frequency: [Int] = []
        var spend: [Int64] = []
        var fit = InsightForecaster.FitInput()
        let sample = InsightFitSample(purchasers: base.count(where: \.hasPurchased))
        for features in base where features.hasPurchased {
            recency.append(features.daysSinceLastPurchase(today: today) ?? 0)
            frequency.append(features.purchaseDays)
            spend.append(features.netSpendMinor)
            if refit, sample.includes(features.customerId) { fit.add(features, today: today) }
        }
        let cutPoints = RFMCutPoints.quintiles(recencyDays: &recency, purchaseDays: &frequency, netSpendMinor: &spend)
        let clv = refit ? InsightForecaster.fit(fit) : nil
        return InsightModels(version: Self.version(of: date), computedAt: date, cutPoints: cutPoints, clv: clv, basePurchasers: recency.count)
    }

    static func version(of date: Date) -> String {
        date.formatted(.iso8601)
    }

    public func insight(of customer: Customer.ID, at date: Date) async throws -> CustomerInsight {
        try await database.read { sql in
            if let row = try await sql.select().column("*").from(InsightRows.table).where("customer_id", .equal, customer).first() {
                return try InsightRows.decode(row)
            }
            guard let row = try await sql.raw(InsightFeatureQuery.query(customer: customer, dialect: self.database.dialect)).first() else {
                throw PatronError.notFound(resource: "customer", id: customer.uuidString.lowercased())
            }
            let (features, previous) = try InsightFeatureQuery.decode(row)
            let scorer = InsightScorer(settings: try await InsightRows.settings(on: sql), models: try await InsightRows.models(on: sql), at: date)
            return scorer.score(features, previous: previous)
        }
    }

    public func rfmOverview() async throws -> RFMOverview {
        try await database.read { sql in
            var segments: [RFMSegment: Int] = [:]
            for row in try await sql.select().column("segment").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(InsightRows.table).where("segment", .isNot, SQLLiteral.null).groupBy("segment").all() {
                segments[try row.decodeEnum(column: "segment", as: RFMSegment.self)] = try row.decode(column: "n", as: Int.self)
            }
            var cells: [String: Int] = [:]
            for row in try await sql.select().column("r_score").column("f_score").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(InsightRows.table).where("r_score", .isNot, SQLLiteral.null).groupBy("r_score").groupBy("f_score").all() {
                cells["\(try row.decode(column: "r_score", as: Int.self))-\(try row.decode(column: "f_score", as: Int.self))"] = try row.decode(column: "n", as: Int.self)
            }
            let grid = (1...5).reversed().flatMap { r in (1...5).map { f in RFMOverview.Cell(r: r, f: f, customers: cells["\(r)-\(f)"] ?? 0) } }
            return RFMOverview(computedAt: try await Self.lastRefresh(on: sql),
                               segments: RFMSegment.allCases.map { ($0, segments[$0] ?? 0) }, grid: grid)
        }
    }

    public func lifecycleOverview() async throws -> LifecycleOverview {
        try await database.read { sql in
            var stages = Dictionary(uniqueKeysWithValues: LifecycleStage.allCases.map { ($0, 0) })
            for row in try await sql.select().column("stage").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(InsightRows.table).groupBy("stage").all() {
                stages[try row.decodeEnum(column: "stage", as: LifecycleStage.self)] = try row.decode(column: "n", as: Int.self)
            }
            return LifecycleOverview(computedAt: try await Self.lastRefresh(on: sql), stages: stages)
        }
    }

    public func clvDistribution() async throws -> CLVDistribution {
        let ladder = CLVDistribution.ladder
        var bandOf: SQLQueryString = "CASE WHEN clv IS NULL THEN -1"
        for index in ladder.indices.dropFirst() { bandOf += " WHEN clv < \(literal: ladder[index]) THEN \(literal: index - 1)" }
        bandOf += " ELSE \(literal: ladder.count - 1) END"
        let band = bandOf
        return try await database.read { sql in
            var counts: [Int: Int] = [:]
            for row in try await sql.raw("SELECT band, COUNT(*) AS n FROM (SELECT \(band) AS band FROM \(ident: InsightRows.table)) x GROUP BY band").all() {
                counts[try row.decode(column: "band", as: Int.self)] = try row.decode(column: "n", as: Int.self)
            }
            return CLVDistribution(computedAt: try await Self.lastRefresh(on: sql), bands: CLVDistribution.bands(counts: counts),
                                   withoutForecast: counts[-1] ?? 0)
        }
    }

    static func lastRefresh(on sql: any SQLDatabase) async throws -> Date? {
        try await sql.select().column("computed_at").from("insight_models").where("scope", .equal, InsightRows.chainScope).first()?
            .decode(column: "computed_at", as: Date.self)
    }

    /// Keyset paging on `(segment, clv_sort, customer_id)`, both descending; the cursor is `clv_sort|id`.
    public func members(of segment: RFMSegment, page: PageRequest) async throws -> Page<SegmentRow> {
        let after = try page.decodedCursor().map { key throws(PatronError) -> (Int64, UUID) in
            let parts = key.split(separator: "|")
            guard parts.count == 2, let clv = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
                throw .invalid(field: "cursor", message: "cursor is not one this server issued")
            }
            return (clv, id)
        }
        return try await database.read { sql in
            var query = sql.select().columns("customer_id", "stage", "clv", "clv_sort").from(InsightRows.table).where("segment", .equal, segment.rawValue)
            if let (clv, id) = after {
                query = query.where(SQLQueryString("(clv_sort < \(bind: clv) OR (clv_sort = \(bind: clv) AND customer_id < \(bind: id)))"))
            }
            let rows = try await query.orderBy("clv_sort", .descending).orderBy("customer_id", .descending).limit(page.limit + 1).all()
            let items = try rows.prefix(page.limit).map { row in
                (SegmentRow(customerId: try row.decode(column: "customer_id", as: UUID.self),
                            stage: try row.decodeEnum(column: "stage", as: LifecycleStage.self),
                            clvMinor: try row.decode(column: "clv", as: Int64?.self)),
                 try row.decode(column: "clv_sort", as: Int64.self))
            }
            let next = rows.count > page.limit ? items.last.map { PageRequest.encodeCursor("\($0.1)|\($0.0.customerId.uuidString)") } : nil
            return Page(items: items.map(\.0), nextCursor: next)
        }
    }

    public func settings() async throws -> InsightSettings {
        try await database.read { sql in try await InsightRows.settings(on: sql) }
    }

    public func save(_ settings: InsightSettings, audit: AuditEvent) async throws {
        let value = String(decoding: try JSONEncoder.sorted.encode(settings), as: UTF8.self)
        try await database.transaction { sql in
            try await SQLSettingsRepository.put(InsightRows.settingsKey, value: value, dialect: self.database.dialect, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func models() async throws -> InsightModels {
        try await database.read { sql in try await InsightRows.models(on: sql) }
    }
}
