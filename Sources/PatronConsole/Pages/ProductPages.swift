import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// One product: its details for everyone who may read the catalogue, the form for `products.write`.
/// Prices are typed in yuan and kept in fen without ever passing through a floating point number.
extension Console {
    func productForm(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let rawId else {
            try console.caller.require(.productsWrite)
            return try await productPage(console, product: nil, values: [:], errors: [:])
        }
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.productsRead)
        let product = try await services.catalogue.find(id, by: console.caller)
        let values = ["sku": product.sku, "nameZh": product.nameZh, "nameEn": product.nameEn, "brand": product.brand ?? "",
                      "price": Self.yuanText(product.listPrice.minorUnits), "category": product.categoryId?.uuidString.lowercased() ?? "",
                      "active": product.isActive ? "on" : ""]
        return try await productPage(console, product: product, values: values, errors: [:])
    }

    /// POST: creates (no id) or changes the product; inline errors and the typed values on refusal (422).
    func saveProduct(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        try console.caller.require(.productsWrite)
        var existing: Product?
        if let rawId {
            guard let id = Self.id(rawId) else { return notFound(console) }
            existing = try await services.catalogue.find(id, by: console.caller)
        }
        let form = console.form
        let values = ["sku": form["sku"] ?? "", "nameZh": form["nameZh"] ?? "", "nameEn": form["nameEn"] ?? "", "brand": form["brand"] ?? "",
                      "price": form["price"] ?? "", "category": form["category"] ?? "", "active": form["active"] ?? ""]
        var errors: [String: String] = [:]
        let price = form["price"].flatMap(Self.minorUnits(fromYuan:))
        if price == nil { errors["listPrice"] = text("catalogue.price_invalid", console) }
        let category = form["category"].flatMap(Self.id)
        if form["category"] != nil, category == nil { errors["categoryId"] = text("catalogue.category_invalid", console) }
        if errors.isEmpty, let price {
            let currency = existing?.listPrice.currency ?? configuration.currency
            let product = Product(id: existing?.id ?? UUID(), sku: values["sku"] ?? "", nameZh: values["nameZh"] ?? "", nameEn: values["nameEn"] ?? "",
                                  categoryId: category, brand: form["brand"], listPrice: Money(minorUnits: price, currency: currency),
                                  isActive: existing == nil || form["active"] != nil)
            do {
                let (saved, _) = try await services.catalogue.save(product, by: console.caller, requestId: console.requestId)
                return redirect(to: "/console/catalogue/products/\(saved.id.uuidString.lowercased())?done=saved")
            } catch {
                errors = try Self.fieldErrors(error, default: "sku")
            }
        }
        return try await productPage(console, product: existing, values: values, errors: errors, status: .unprocessableContent)
    }

    func productPage(_ console: ConsoleRequest, product: Product?, values: [String: String], errors: [String: String],
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let categories = try await services.catalogue.categories(by: console.caller)
        let selected = values["category"].flatMap(Self.id)
        var data: [String: Any] = [
            "values": values, "errors": errors, "isNew": product == nil, "active": values["active"] == "on",
            "canWrite": console.holds(.productsWrite),
            "categories": categoryOptions(categories, selected: selected, console),
            "action": product.map { "/console/catalogue/products/\($0.id.uuidString.lowercased())" } ?? "/console/catalogue/products",
        ]
        if let product {
            data["detail"] = [
                "sku": product.sku, "nameZh": product.nameZh, "nameEn": product.nameEn, "brand": product.brand ?? "",
                "category": product.categoryId.flatMap { id in categories.first { $0.id == id } }.map { categoryName($0, console) } ?? "",
                "price": ConsoleFormat.money(product.listPrice.minorUnits, product.listPrice.currency),
                "active": yesNo(product.isActive, console),
            ]
        }
        if let notice = doneNotice(console) { data["notice"] = notice }
        let title = product.map { productName($0, console) }
        return page(status: status, "product", titleKey: title == nil ? "catalogue.new_product" : "catalogue.product_title",
                    titleValues: ["name": title ?? ""], data: data, console)
    }
}
