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

    public func find(_ id: Product.ID) async throws -> Product? {
        try await database.read { sql in try await sql.select().column("*").from("products").where("id", .equal, id).first().map(Self.decode) }
    }

    public func find(sku: String) async throws -> Product? {
        try await database.read { sql in try await sql.select().column("*").from("products").where("sku", .equal, sku).first().map(Self.decode) }
    }

    public func save(_ product: Product, isNew: Bool, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            if isNew {
                try await Self.insert([product], on: sql)
            } else {
                try await sql.update("products").set("sku", to: product.sku).set("name_zh", to: product.nameZh).set("name_en", to: product.nameEn)
                    .set("category_id", to: product.categoryId).set("brand", to: product.brand)
                    .set("list_price", to: product.listPrice.minorUnits).set("currency", to: product.listPrice.currency.rawValue)
                    .set("is_active", to: product.isActive).where("id", .equal, product.id).run()
            }
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func categories() async throws -> [ProductCategory] {
        try await database.read { sql in
            try await sql.select().column("*").from("product_categories").orderBy("code").all().map { row in
                ProductCategory(id: try row.decode(column: "id", as: UUID.self), parentId: try row.decode(column: "parent_id", as: UUID?.self),
                                code: try row.decode(column: "code", as: String.self), nameZh: try row.decode(column: "name_zh", as: String.self),
                                nameEn: try row.decode(column: "name_en", as: String.self))
            }
        }
    }

    public func save(_ category: ProductCategory, isNew: Bool, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            if isNew {
                try await Self.insert(categories: [category], on: sql)
            } else {
                try await sql.update("product_categories").set("parent_id", to: category.parentId).set("code", to: category.code)
                    .set("name_zh", to: category.nameZh).set("name_en", to: category.nameEn).where("id", .equal, category.id).run()
            }
            try await SQLAuditLog.insert([audit], on: sql)
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
