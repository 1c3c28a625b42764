import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listProducts(_ input: Operations.ListProducts.Input) async throws -> Operations.ListProducts.Output {
        let page = try await services.catalogue.list(PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Product.init), nextCursor: page.nextCursor))))
    }

    func getProduct(_ input: Operations.GetProduct.Input) async throws -> Operations.GetProduct.Output {
        .ok(.init(body: .json(.init(try await services.catalogue.find(uuid(input.path.productId, field: "productId"), by: caller)))))
    }

    func createProduct(_ input: Operations.CreateProduct.Input) async throws -> Operations.CreateProduct.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let product = Product(sku: body.sku.trimmingCharacters(in: .whitespaces), nameZh: body.nameZh, nameEn: body.nameEn,
                              categoryId: try body.categoryId.map { try uuid($0, field: "categoryId") }, brand: body.brand,
                              listPrice: Money(minorUnits: body.listPrice, currency: try body.currency.map { try CurrencyCode($0) } ?? .cny),
                              isActive: body.active ?? true)
        let (saved, _) = try await services.catalogue.save(product, by: caller, requestId: requestId)
        return .created(.init(body: .json(.init(saved))))
    }

    func updateProduct(_ input: Operations.UpdateProduct.Input) async throws -> Operations.UpdateProduct.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let category = try body.categoryId.map { try uuid($0, field: "categoryId") }
        let saved = try await services.catalogue.update(uuid(input.path.productId, field: "productId"), by: caller, requestId: requestId) { product in
            if let name = body.nameZh { product.nameZh = name }
            if let name = body.nameEn { product.nameEn = name }
            if let category { product.categoryId = category }
            if let brand = body.brand { product.brand = brand }
            if let price = body.listPrice { product.listPrice.minorUnits = price }
            if let active = body.active { product.isActive = active }
        }
        return .ok(.init(body: .json(.init(saved))))
    }

    func listCategories(_ input: Operations.ListCategories.Input) async throws -> Operations.ListCategories.Output {
        .ok(.init(body: .json(.init(items: try await services.catalogue.categories(by: caller).map(Components.Schemas.Category.init), nextCursor: nil))))
    }

    func createCategory(_ input: Operations.CreateCategory.Input) async throws -> Operations.CreateCategory.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let category = ProductCategory(parentId: try body.parentId.map { try uuid($0, field: "parentId") }, code: body.code,
                                       nameZh: body.nameZh, nameEn: body.nameEn)
        return .created(.init(body: .json(.init(try await services.catalogue.save(category, by: caller, requestId: requestId)))))
    }

    func updateCategory(_ input: Operations.UpdateCategory.Input) async throws -> Operations.UpdateCategory.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let category = ProductCategory(id: try uuid(input.path.categoryId, field: "categoryId"),
                                       parentId: try body.parentId.map { try uuid($0, field: "parentId") }, code: body.code,
                                       nameZh: body.nameZh, nameEn: body.nameEn)
        return .ok(.init(body: .json(.init(try await services.catalogue.update(category, by: caller, requestId: requestId)))))
    }
}

extension Components.Schemas.Product {
    init(_ product: Product) {
        self.init(id: product.id.apiString, sku: product.sku, nameZh: product.nameZh, nameEn: product.nameEn,
                  categoryId: product.categoryId?.apiString, brand: product.brand,
                  listPrice: product.listPrice.minorUnits, currency: product.listPrice.currency.rawValue, active: product.isActive)
    }
}

extension Components.Schemas.Category {
    init(_ category: ProductCategory) {
        self.init(id: category.id.apiString, code: category.code, nameZh: category.nameZh, nameEn: category.nameEn,
                  parentId: category.parentId?.apiString)
    }
}
