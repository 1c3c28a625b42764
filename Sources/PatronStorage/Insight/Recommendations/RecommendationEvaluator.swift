import Foundation
import PatronCore
import SQLKit
import Synchronization

/// The offline test of the recommender behind `patron analytics evaluate-recs`. Each customer with two or
/// more baskets (orders with a line not returned in full) has their last basket held out. One model is
/// trained on every other order of the history — a single training cut, so other customers' later orders
/// are in it, but no held-out basket is — with the popularity fallback ranked by all buyers. Each customer
/// then gets `k` recommendations as of their held-out basket's time from their remaining purchases, and so
/// does the baseline: the top sellers by buyers, excluding what the customer bought within `excludeDays`
/// the same way. Rows stream from the database ordered by customer, so memory holds one customer at a time
/// and the model.
public struct RecommendationEvaluator: Sendable {
    let database: Database
    let settings: RecommendationSettings

    public init(database: Database, settings: RecommendationSettings = .init()) {
        self.database = database
        self.settings = settings
    }

    public func evaluate(k: Int = 10) async throws -> RecommendationEvaluation {
        let source = RecommendationSQL.Source(since: .distantPast, before: .distantFuture, holdingOutLastBaskets: true)
        let settings = settings
        return try await database.read { sql in
            let model = try await RecommendationModel.compute(source, recentSince: .distantPast, settings: settings, on: sql)
            var active = Set<Product.ID>()
            for row in try await sql.select().column("id").from("products").where("is_active", .equal, SQLBind(true)).all() {
                active.insert(try row.decode(column: "id", as: UUID.self))
            }
            let tally = Tally(model: model, active: active, ranker: RecommendationRanker(settings: settings), k: k)
            try await sql.raw(Self.customerRows(source)).run { row in tally.take(row) }
            return try tally.finish()
        }
    }

    /// Every evaluated customer's held-out products (`held` = 1) and training purchases (`held` = 0).
    static func customerRows(_ source: RecommendationSQL.Source) -> SQLQueryString {
        """
        \(RecommendationSQL.pairs(source))
        SELECT held_out.customer_id AS customer_id, held_out.occurred_at AS cut_at, 1 AS held, n.product_id AS product_id,
               products.category_id AS category_id, held_out.occurred_at AS last_at, 1 AS orders
        FROM held_out JOIN net_lines n ON n.order_id = held_out.order_id JOIN products ON products.id = n.product_id
        UNION ALL
        SELECT pairs.customer_id, held_out.occurred_at, 0, pairs.product_id, products.category_id, pairs.last_at, pairs.orders
        FROM pairs JOIN held_out ON held_out.customer_id = pairs.customer_id JOIN products ON products.id = pairs.product_id
        ORDER BY 1, 3
        """
    }
}

/// Scores customers as their rows arrive on the database's thread.
private final class Tally: Sendable {
    private struct Customer {
        var id: UUID
        var cut: Date
        var heldOut: Set<Product.ID> = []
        var history: [RecommendationInput.Purchase] = []
    }

    private struct State {
        var current: Customer?
        var customers = 0
        var modelHits = 0, popularityHits = 0
        var modelRecall = 0.0, popularityRecall = 0.0
        var failure: (any Error)?
    }

    private let model: RecommendationModel
    private let active: Set<Product.ID>
    private let ranker: RecommendationRanker
    private let k: Int
    private let state = Mutex(State())

    init(model: RecommendationModel, active: Set<Product.ID>, ranker: RecommendationRanker, k: Int) {
        self.model = model
        self.active = active
        self.ranker = ranker
        self.k = k
    }

    func take(_ row: any SQLRow) {
        state.withLock { state in
            guard state.failure == nil else { return }
            do {
                let id = try row.decode(column: "customer_id", as: UUID.self)
                if state.current?.id != id {
                    if let done = state.current { score(done, into: &state) }
                    state.current = Customer(id: id, cut: try row.decode(column: "cut_at", as: Date.self))
                }
                let product = try row.decode(column: "product_id", as: UUID.self)
                if try row.decode(column: "held", as: Int.self) == 1 {
                    state.current?.heldOut.insert(product)
                } else {
                    state.current?.history.append(.init(productId: product, categoryId: try row.decode(column: "category_id", as: UUID?.self),
                                                        lastBoughtAt: try row.decode(column: "last_at", as: Date.self),
                                                        orders: try row.decode(column: "orders", as: Int.self)))
                }
            } catch {
                state.failure = error
            }
        }
    }

    func finish() throws -> RecommendationEvaluation {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            if let done = state.current { score(done, into: &state) }
            state.current = nil
            let n = Double(max(1, state.customers))
            return RecommendationEvaluation(customers: state.customers, k: k,
                                            model: .init(hitRate: Double(state.modelHits) / n, recall: state.modelRecall / n),
                                            popularity: .init(hitRate: Double(state.popularityHits) / n, recall: state.popularityRecall / n))
        }
    }

    private func score(_ customer: Customer, into state: inout State) {
        guard !customer.heldOut.isEmpty else { return }
        let neighbours = customer.history.flatMap { purchase in
            (model.neighbours[purchase.productId] ?? []).map { RecommendationInput.Neighbour(productId: $0.productId, neighbourId: $0.neighbourId, score: $0.score) }
        }
        let recommended = ranker.rank(history: customer.history, neighbours: neighbours, popular: model.popularity,
                                      sellable: active.contains, at: customer.cut, limit: k).map(\.productId)
        let excluded = ranker.excluded(customer.history, at: customer.cut)
        let baseline = model.popularity.lazy.map(\.productId).filter { !excluded.contains($0) && self.active.contains($0) }.prefix(k)
        let modelFound = customer.heldOut.intersection(recommended).count
        let popularityFound = customer.heldOut.intersection(baseline).count
        state.customers += 1
        state.modelHits += modelFound > 0 ? 1 : 0
        state.popularityHits += popularityFound > 0 ? 1 : 0
        state.modelRecall += Double(modelFound) / Double(customer.heldOut.count)
        state.popularityRecall += Double(popularityFound) / Double(customer.heldOut.count)
    }
}
