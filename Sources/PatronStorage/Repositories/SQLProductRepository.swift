import Foundation
import PatronCore
import SQLKit

public struct SQLProductRepository: ProductRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func list(_ page: PageRequest) async throws -> Page<Product> {
        try await database.read { sql in
            try await keysetPage(sql, table: "products", key: "sku", page: page, keyOf: \.sku, decode: Self.decode)
        }
    }

    public func ids(forSKUs skus: [String]) async throws -> [String: Product.ID] {
        guard !skus.isEmpty else { return [:] }
        return try await database.read { sql in
            var ids: [String: Product.ID] = [:]
            for row in try await sql.select().column("id").column("sku").from("products").where("sku", .in, skus).all() {
                ids[try row.decode(column: "sku", as: String.self)] = try row.decode(column: "id", as: UUID.self)
            }
            return ids
        }
    }

    static func insert(categories: [ProductCategory], on sql: any SQLDatabase) async throws {
        for category in categories {
            try await sql.insert(into: "product_categories")
                .columns("id", "parent_id", "code", "name_zh", "name_en")
                .values(SQLBind(category.id), SQLBind(category.parentId), SQLBind(category.code),
                        SQLBind(category.nameZh), SQLBind(category.nameEn))
                .run()
        }
    }

    static func insert(_ products: [Product], on sql: any SQLDatabase) async throws {
        for chunk in products.chunked(into: 200) {
            try await sql.insert(into: "products")
                .columns("id", "sku", "name_zh", "name_en", "category_id", "brand", "list_price", "currency", "is_active")
                .rows(chunk.map { [SQLBind($0.id), SQLBind($0.sku), SQLBind($0.nameZh), SQLBind($0.nameEn), SQLBind($0.categoryId),
                                     SQLBind($0.brand), SQLBind($0.listPrice.minorUnits), SQLBind($0.listPrice.currency.rawValue),
                                     SQLBind($0.isActive)] as [any SQLExpression] })
                .run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> Product {
        Product(id: try row.decode(column: "id", as: UUID.self), sku: try row.decode(column: "sku", as: String.self),
                nameZh: try row.decode(column: "name_zh", as: String.self), nameEn: try row.decode(column: "name_en", as: String.self),
                categoryId: try row.decode(column: "category_id", as: UUID?.self),
                brand: try row.decode(column: "brand", as: String?.self),
                listPrice: Money(minorUnits: try row.decode(column: "list_price", as: Int64.self),
                                 currency: try CurrencyCode(row.decode(column: "currency", as: String.self))),
                isActive: try row.decode(column: "is_active", as: Bool.self))
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
