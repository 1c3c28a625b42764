import Foundation
import PatronCore
import SQLKit
import Synchronization

/// The model computed from one set of orders: each product's strongest neighbours and every product's
/// buyers. Its size is bounded by the catalogue (`neighbours` per product), never by the number of orders.
struct RecommendationModel: Sendable {
    struct Similarity: Sendable, Equatable {
        var productId: Product.ID
        var neighbourId: Product.ID
        var score: Double
        var coCount: Int
    }

    /// Best first within each product.
    var neighbours: [Product.ID: [Similarity]]
    /// Best first: recent buyers, then buyers, then id.
    var popularity: [RecommendationInput.Popularity]

    var pairCount: Int { neighbours.values.reduce(0) { $0 + $1.count } }

    /// Counts run inside the database; the rows streamed back are one per product pair above the minimum
    /// support, of which each product keeps its top `neighbours` by similarity.
    static func compute(_ source: RecommendationSQL.Source, recentSince: Date, settings: RecommendationSettings,
                        on sql: any SQLDatabase) async throws -> RecommendationModel {
        let keeper = TopNeighbours(keep: settings.neighbours)
        try await sql.raw(RecommendationSQL.coPurchases(source, settings: settings)).run { row in
            keeper.offer(row, settings: settings)
        }
        try keeper.rethrow()
        var popularity: [RecommendationInput.Popularity] = []
        for row in try await sql.raw(RecommendationSQL.popularity(source, recentSince: recentSince)).all() {
            popularity.append(.init(productId: try row.decode(column: "product_id", as: UUID.self),
                                    categoryId: try row.decode(column: "category_id", as: UUID?.self),
                                    buyers: try row.decode(column: "buyers", as: Int.self),
                                    recentBuyers: try row.decode(column: "recent_buyers", as: Int.self)))
        }
        popularity.sort { ($0.recentBuyers, $0.buyers, $1.productId.uuidString) > ($1.recentBuyers, $1.buyers, $0.productId.uuidString) }
        return RecommendationModel(neighbours: keeper.result(), popularity: popularity)
    }
}

/// Keeps each product's best neighbours while rows stream in on the database's thread.
private final class TopNeighbours: Sendable {
    private struct State {
        var lists: [Product.ID: [RecommendationModel.Similarity]] = [:]
        var failure: (any Error)?
    }

    private let keep: Int
    private let state = Mutex(State())

    init(keep: Int) { self.keep = keep }

    func offer(_ row: any SQLRow, settings: RecommendationSettings) {
        do {
            let co = try row.decode(column: "co_count", as: Int.self)
            let similarity = RecommendationModel.Similarity(
                productId: try row.decode(column: "product_id", as: UUID.self), neighbourId: try row.decode(column: "neighbour_id", as: UUID.self),
                score: settings.similarity(co: co, buyersOfFirst: try row.decode(column: "buyers_i", as: Int.self),
                                           buyersOfSecond: try row.decode(column: "buyers_j", as: Int.self)),
                coCount: co)
            state.withLock { state in
                var list = state.lists[similarity.productId, default: []]
                let position = list.firstIndex { Self.ranksBefore(similarity, $0) } ?? list.endIndex
                guard position < keep else { return }
                list.insert(similarity, at: position)
                if list.count > keep { list.removeLast() }
                state.lists[similarity.productId] = list
            }
        } catch {
            state.withLock { $0.failure = $0.failure ?? error }
        }
    }

    static func ranksBefore(_ a: RecommendationModel.Similarity, _ b: RecommendationModel.Similarity) -> Bool {
        (a.score, b.neighbourId.uuidString) > (b.score, a.neighbourId.uuidString)
    }

    func rethrow() throws {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    func result() -> [Product.ID: [RecommendationModel.Similarity]] {
        state.withLock { $0.lists }
    }
}
