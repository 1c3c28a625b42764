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

    /// The database reduces the window's lines to one row a customer (the products as one text list, marked
    /// `r` when bought since `recentSince`); the reader keeps each product once and the pair counts are made
    /// here, in memory. A self-join in SQL would emit and sort every co-purchase (tens of millions of rows for
    /// a million members); counting them costs a dictionary increment each. Customers with more than
    /// `basketCap` products count towards popularity but not towards pairs.
    static func compute(_ source: RecommendationSQL.Source, recentSince: Date, settings: RecommendationSettings,
                        on sql: any SQLDatabase) async throws -> RecommendationModel {
        var categories: [Product.ID: Product.ID?] = [:]
        for row in try await sql.select().column("id").column("category_id").from("products").all() {
            categories[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "category_id", as: UUID?.self)
        }
        let reader = BasketReader(catalogue: Array(categories.keys))
        try await sql.raw(RecommendationSQL.baskets(source, recentSince: recentSince, dialect: SQLDialect(of: sql))).run { row in
            reader.take(row)
        }
        let counts = try reader.finish().counted(cap: settings.basketCap)
        var keeper = TopNeighbours(keep: settings.neighbours)
        for (key, co) in counts.pairs where Int(co) >= settings.minimumSupport {
            let (i, j) = (Int(key >> 32), Int(key & 0xFFFF_FFFF))
            let score = settings.similarity(co: Int(co), buyersOfFirst: counts.cappedBuyers[i], buyersOfSecond: counts.cappedBuyers[j])
            keeper.offer(Similarity(productId: reader.products[i], neighbourId: reader.products[j], score: score, coCount: Int(co)))
            keeper.offer(Similarity(productId: reader.products[j], neighbourId: reader.products[i], score: score, coCount: Int(co)))
        }
        var popularity: [RecommendationInput.Popularity] = []
        for (index, product) in reader.products.enumerated() where counts.buyers[index] > 0 {
            popularity.append(.init(productId: product, categoryId: categories[product] ?? nil, buyers: counts.buyers[index],
                                    recentBuyers: counts.recentBuyers[index]))
        }
        popularity.sort { ($0.recentBuyers, $0.buyers, $1.productId.uuidString) > ($1.recentBuyers, $1.buyers, $0.productId.uuidString) }
        return RecommendationModel(neighbours: keeper.lists, popularity: popularity)
    }
}

/// Each customer's distinct products as catalogue positions, parsed as rows arrive on the database's thread.
private final class BasketReader: Sendable {
    struct Baskets {
        /// Positions in `products`; a negative one was bought recently (position = -value - 1).
        var baskets: [[Int32]] = []
        var productCount: Int

        /// Buyers of each product, recent buyers, buyers among capped customers, and co-purchase counts keyed
        /// by `i << 32 | j` with `i < j`.
        func counted(cap: Int) -> (buyers: [Int], recentBuyers: [Int], cappedBuyers: [Int], pairs: [UInt64: Int32]) {
            var buyers = [Int](repeating: 0, count: productCount)
            var recent = buyers, capped = buyers
            var pairs: [UInt64: Int32] = [:]
            var positions: [Int] = []
            for basket in baskets {
                positions.removeAll(keepingCapacity: true)
                for value in basket {
                    let position = value < 0 ? Int(-value - 1) : Int(value)
                    buyers[position] += 1
                    if value < 0 { recent[position] += 1 }
                    positions.append(position)
                }
                guard positions.count <= cap else { continue }
                positions.sort()
                for (offset, i) in positions.enumerated() {
                    capped[i] += 1
                    for j in positions[(offset + 1)...] where j != i {
                        pairs[UInt64(i) << 32 | UInt64(j), default: 0] += 1
                    }
                }
            }
            return (buyers, recent, capped, pairs)
        }
    }

    let products: [Product.ID]
    private let positions: [ProductKey: Int32]
    private let state: Mutex<(baskets: [[Int32]], failure: (any Error)?)>

    init(catalogue: [Product.ID]) {
        products = catalogue
        positions = Dictionary(uniqueKeysWithValues: catalogue.enumerated().map { (ProductKey($1), Int32($0)) })
        state = Mutex(([], nil))
    }

    /// One customer's list, read byte by byte: a million lists of a dozen ids each made splitting and
    /// lower-casing `String`s the model's largest cost after the query.
    func take(_ row: any SQLRow) {
        do {
            var list = try row.decode(column: "products", as: String.self)
            var tokens: [Int32] = []
            list.withUTF8 { bytes in
                var start = 0
                while start < bytes.count {
                    var end = start
                    while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                    let recent = bytes[start] == UInt8(ascii: "r")
                    if let key = ProductKey(UnsafeBufferPointer(rebasing: bytes[(recent ? start + 1 : start)..<end])),
                       let position = positions[key] {
                        tokens.append(recent ? -position - 1 : position)
                    }
                    start = end + 1
                }
            }
            let basket = Self.distinct(tokens)
            state.withLock { $0.baskets.append(basket) }
        } catch {
            state.withLock { $0.failure = $0.failure ?? error }
        }
    }

    /// Each product once, marked recent when any of its purchases was.
    static func distinct(_ tokens: [Int32]) -> [Int32] {
        let position = { (token: Int32) in token < 0 ? -token - 1 : token }
        var basket: [Int32] = []
        basket.reserveCapacity(tokens.count)
        for token in tokens.sorted(by: { (position($0), $0) < (position($1), $1) }) {
            if let last = basket.last, position(last) == position(token) { continue }
            basket.append(token)
        }
        return basket
    }

    func finish() throws -> Baskets {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            defer { state.baskets = [] }
            return Baskets(baskets: state.baskets, productCount: products.count)
        }
    }
}

/// Keeps each product's best neighbours, best first.
private struct TopNeighbours {
    let keep: Int
    var lists: [Product.ID: [RecommendationModel.Similarity]] = [:]

    init(keep: Int) { self.keep = keep }

    mutating func offer(_ similarity: RecommendationModel.Similarity) {
        var list = lists[similarity.productId, default: []]
        let position = list.firstIndex { Self.ranksBefore(similarity, $0) } ?? list.endIndex
        guard position < keep else { return }
        list.insert(similarity, at: position)
        if list.count > keep { list.removeLast() }
        lists[similarity.productId] = list
    }

    static func ranksBefore(_ a: RecommendationModel.Similarity, _ b: RecommendationModel.Similarity) -> Bool {
        (a.score, b.neighbourId.uuidString) > (b.score, a.neighbourId.uuidString)
    }
}

/// A product id as two integers, parsed from its text in either case with or without hyphens, so looking it
/// up costs no string work.
private struct ProductKey: Hashable {
    let high: UInt64
    let low: UInt64

    init(_ id: Product.ID) {
        let bytes = id.uuid
        high = withUnsafeBytes(of: bytes) { raw in raw.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }
        low = withUnsafeBytes(of: bytes) { raw in raw.suffix(8).reduce(0) { $0 << 8 | UInt64($1) } }
    }

    init?(_ text: UnsafeBufferPointer<UInt8>) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var digits = 0
        for byte in text where byte != UInt8(ascii: "-") {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            digits += 1
            if digits > 32 { return nil }
        }
        guard digits == 32 else { return nil }
        self.high = high
        self.low = low
    }
}
