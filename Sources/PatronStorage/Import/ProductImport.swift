import Foundation
import PatronCore

/// Creates or updates catalogue products from CSV (`sku, name_zh, name_en, category_code, brand, list_price,
/// currency, active`) through the same `CatalogueService` checks as the API; a bad row is reported, never
/// stored in part.
public enum ProductImport {
    public static func run(_ csv: CSVReader, into catalogue: CatalogueService, by caller: Caller) async throws -> (Int, Int, [CustomerImport.Rejection]) {
        let categories = Dictionary(try await catalogue.categories(by: caller).map { ($0.code, $0.id) }) { first, _ in first }
        var iterator = csv.makeIterator()
        guard let header = iterator.next()?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw PatronError.invalid(field: "file", message: "the file is empty")
        }
        try CSVReader.requireDistinct(header)
        let known = ["sku", "name_zh", "name_en", "category_code", "brand", "list_price", "currency", "active"]
        if let unknown = header.first(where: { !known.contains($0) }) {
            throw PatronError.invalid(field: unknown, message: "unknown column '\(unknown)'; allowed: \(known.joined(separator: ", "))")
        }
        var (created, updated) = (0, 0)
        var rejections: [CustomerImport.Rejection] = []
        while let record = iterator.next() {
            do {
                guard record.fields.count == header.count else {
                    throw PatronError.invalid(field: nil, message: "expected \(header.count) fields, found \(record.fields.count)")
                }
                try CSVReader.requireNoNUL(record.fields, names: header)
                let row = Dictionary(zip(header, record.fields.map { $0.trimmingCharacters(in: .whitespaces) }), uniquingKeysWith: { first, _ in first })
                func value(_ key: String) -> String? { row[key].flatMap { $0.isEmpty ? nil : $0 } }
                guard let price = value("list_price").flatMap({ Int64($0) }) else {
                    throw PatronError.invalid(field: "list_price", message: "list_price must be an integer of minor units")
                }
                var category: ProductCategory.ID?
                if let code = value("category_code") {
                    guard let id = categories[code] else { throw PatronError.invalid(field: "category_code", message: "there is no category \(code)") }
                    category = id
                }
                var active = true
                if let flag = value("active") {
                    guard let parsed = Bool(flag.lowercased()) else { throw PatronError.invalid(field: "active", message: "active must be true or false") }
                    active = parsed
                }
                let product = Product(sku: value("sku") ?? "", nameZh: value("name_zh") ?? "", nameEn: value("name_en") ?? "",
                                      categoryId: category, brand: value("brand"),
                                      listPrice: Money(minorUnits: price, currency: try value("currency").map { try CurrencyCode($0) } ?? .cny),
                                      isActive: active)
                let (_, isNew) = try await catalogue.save(product, upsert: true, by: caller, requestId: nil)
                if isNew { created += 1 } else { updated += 1 }
            } catch let error as PatronError {
                rejections.append(.init(line: record.line, field: error.field, reason: error.message))
            }
        }
        return (created, updated, rejections)
    }
}
