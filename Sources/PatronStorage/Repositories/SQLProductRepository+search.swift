import Foundation
import PatronCore
import SQLKit

extension SQLProductRepository {
    public func search(_ query: ProductQuery, page: PageRequest) async throws -> Page<Product> {
        try await database.read { sql in
            try await keysetPage(sql, table: "products", key: "sku", page: page, keyOf: \.sku, decode: Self.decode) { select in
                var select = select
                if let text = query.text {
                    let pattern = "%" + Self.escapeLike(text.lowercased()) + "%"
                    select = select.where(SQLQueryString(
                        "(lower(sku) LIKE \(bind: pattern) ESCAPE '!' OR lower(name_en) LIKE \(bind: pattern) ESCAPE '!' OR name_zh LIKE \(bind: pattern) ESCAPE '!')"))
                }
                if let ids = query.categoryIds { select = select.where("category_id", .in, ids) }
                return select
            }
        }
    }

    /// Typed `%` and `_` match themselves, not any text: both engines honour the same `ESCAPE '!'`.
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if "!%_".contains(character) { out.append("!") }
            out.append(character)
        }
        return out
    }
}
