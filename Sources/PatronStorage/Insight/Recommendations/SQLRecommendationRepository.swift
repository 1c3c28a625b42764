import Foundation
import PatronCore
import SQLKit

/// The recommendation model in `product_similarity` and `product_popularity`: computed by aggregates inside
/// the database, replaced whole in one transaction, read per customer by a few indexed queries.
public struct SQLRecommendationRepository: RecommendationRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func rebuild(at now: Date, settings: RecommendationSettings) async throws -> RecommendationRebuild {
        let source = RecommendationSQL.Source(since: now.addingTimeInterval(-Double(settings.windowDays) * 86_400), before: now,
                                              holdingOutLastBaskets: false)
        let model = try await database.read { sql in
            try await RecommendationModel.compute(source, recentSince: now.addingTimeInterval(-Double(settings.recentDays) * 86_400),
                                                  settings: settings, on: sql)
        }
        let computedAt = now.atStoragePrecision
        try await database.transaction { sql in
            try await sql.delete(from: "product_similarity").run()
            try await sql.delete(from: "product_popularity").run()
            for chunk in model.neighbours.values.flatMap({ $0 }).chunked(into: 150) {
                try await sql.insert(into: "product_similarity").columns("product_id", "neighbour_id", "score", "co_count", "computed_at")
                    .rows(chunk.map { [SQLBind($0.productId), SQLBind($0.neighbourId), SQLBind($0.score), SQLBind($0.coCount),
                                       SQLBind(computedAt)] as [any SQLExpression] })
                    .run()
            }
            for chunk in model.popularity.chunked(into: 150) {
                try await sql.insert(into: "product_popularity").columns("product_id", "category_id", "buyers", "recent_buyers", "computed_at")
                    .rows(chunk.map { [SQLBind($0.productId), SQLBind($0.categoryId), SQLBind($0.buyers), SQLBind($0.recentBuyers),
                                       SQLBind(computedAt)] as [any SQLExpression] })
                    .run()
            }
        }
        return RecommendationRebuild(products: model.popularity.count, pairs: model.pairCount, computedAt: computedAt)
    }

    public func history(of customer: Customer.ID, store: Store.ID?, since: Date, before now: Date, limit: Int) async throws -> [RecommendationInput.Purchase] {
        try await database.read { sql in
            try await sql.raw(RecommendationSQL.history(of: customer, store: store, since: since, before: now, limit: limit)).all().map(Self.purchase)
        }
    }

    static func purchase(_ row: any SQLRow) throws -> RecommendationInput.Purchase {
        .init(productId: try row.decode(column: "product_id", as: UUID.self), categoryId: try row.decode(column: "category_id", as: UUID?.self),
              lastBoughtAt: try row.decode(column: "last_at", as: Date.self), orders: try row.decode(column: "orders", as: Int.self))
    }

    public func neighbours(of products: [Product.ID]) async throws -> [RecommendationInput.Neighbour] {
        guard !products.isEmpty else { return [] }
        return try await database.read { sql in
            try await sql.select()
                .column(SQLColumn("product_id", table: "product_similarity"), as: "product_id")
                .column(SQLColumn("neighbour_id", table: "product_similarity"), as: "neighbour_id")
                .column(SQLColumn("score", table: "product_similarity"), as: "score")
                .from("product_similarity")
                .join("products", on: SQLColumn("id", table: "products"), .equal, SQLColumn("neighbour_id", table: "product_similarity"))
                .where(SQLColumn("product_id", table: "product_similarity"), .in, SQLBind.group(products))
                .where(SQLColumn("is_active", table: "products"), .equal, SQLBind(true))
                .all().map { row in
                    .init(productId: try row.decode(column: "product_id", as: UUID.self), neighbourId: try row.decode(column: "neighbour_id", as: UUID.self),
                          score: try row.decode(column: "score", as: Double.self))
                }
        }
    }

    public func popular(in categories: [ProductCategory.ID], limit: Int) async throws -> [RecommendationInput.Popularity] {
        try await database.read { sql in
            var result = categories.isEmpty ? [] : try await Self.popular(in: categories, limit: limit, on: sql)
            result += try await Self.popular(in: nil, limit: limit, on: sql)
            return result
        }
    }

    static func popular(in categories: [ProductCategory.ID]?, limit: Int, on sql: any SQLDatabase) async throws -> [RecommendationInput.Popularity] {
        var query = sql.select()
            .column(SQLColumn("product_id", table: "product_popularity"), as: "product_id")
            .column(SQLColumn("category_id", table: "product_popularity"), as: "category_id")
            .column(SQLColumn("buyers", table: "product_popularity"), as: "buyers")
            .column(SQLColumn("recent_buyers", table: "product_popularity"), as: "recent_buyers")
            .from("product_popularity")
            .join("products", on: SQLColumn("id", table: "products"), .equal, SQLColumn("product_id", table: "product_popularity"))
            .where(SQLColumn("is_active", table: "products"), .equal, SQLBind(true))
        if let categories {
            query = query.where(SQLColumn("category_id", table: "product_popularity"), .in, SQLBind.group(categories))
        }
        return try await query
            .orderBy("recent_buyers", .descending)
            .orderBy("buyers", .descending)
            .orderBy("product_id")
            .limit(limit)
            .all().map { row in
                .init(productId: try row.decode(column: "product_id", as: UUID.self), categoryId: try row.decode(column: "category_id", as: UUID?.self),
                      buyers: try row.decode(column: "buyers", as: Int.self), recentBuyers: try row.decode(column: "recent_buyers", as: Int.self))
            }
    }

    public func catalogue(products: Set<Product.ID>, categories: Set<ProductCategory.ID>) async throws
        -> (products: [Product.ID: Product], categories: [ProductCategory.ID: ProductCategory]) {
        try await database.read { sql in
            var foundProducts: [Product.ID: Product] = [:]
            if !products.isEmpty {
                for row in try await sql.select().column("*").from("products").where("id", .in, SQLBind.group(Array(products))).all() {
                    let product = try SQLProductRepository.decode(row)
                    foundProducts[product.id] = product
                }
            }
            var foundCategories: [ProductCategory.ID: ProductCategory] = [:]
            if !categories.isEmpty {
                for row in try await sql.select().column("*").from("product_categories").where("id", .in, SQLBind.group(Array(categories))).all() {
                    let category = ProductCategory(id: try row.decode(column: "id", as: UUID.self), parentId: try row.decode(column: "parent_id", as: UUID?.self),
                                                   code: try row.decode(column: "code", as: String.self), nameZh: try row.decode(column: "name_zh", as: String.self),
                                                   nameEn: try row.decode(column: "name_en", as: String.self))
                    foundCategories[category.id] = category
                }
            }
            return (foundProducts, foundCategories)
        }
    }
}
