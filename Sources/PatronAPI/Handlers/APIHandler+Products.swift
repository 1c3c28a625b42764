import Foundation
import PatronCore
import PatronOpenAPI

extension APIHandler {
    func listProducts(_ input: Operations.ListProducts.Input) async throws -> Operations.ListProducts.Output {
        let page = try await products.list(PageRequest(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Product.init), nextCursor: page.nextCursor))))
    }
}

extension Components.Schemas.Product {
    init(_ product: Product) {
        self.init(id: product.id.apiString, sku: product.sku, nameZh: product.nameZh, nameEn: product.nameEn,
                  categoryId: product.categoryId?.apiString, brand: product.brand,
                  listPrice: product.listPrice.minorUnits, currency: product.listPrice.currency.rawValue, active: product.isActive)
    }
}
