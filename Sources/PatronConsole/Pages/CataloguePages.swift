import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The catalogue as buyers keep it: the category tree, products found by SKU or name within a category,
/// and for `products.write` new categories and products.
extension Console {
    func cataloguePage(_ console: ConsoleRequest, categoryErrors: [String: String] = [:],
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let categories = try await services.catalogue.categories(by: console.caller)
        let q = console.query
        var errors: [String: String] = [:]
        let category = Self.id(q["category"])
        var rows: [[String: Any]] = []
        var next: String?
        do {
            let page = try await services.catalogue.search(text: q["q"], category: category,
                                                           page: try PageRequest(cursor: q["cursor"], limit: 50), by: console.caller)
            let names = Dictionary(categories.map { ($0.id, categoryName($0, console)) }, uniquingKeysWith: { a, _ in a })
            rows = page.items.map { product in
                ["id": product.id.uuidString.lowercased(), "sku": product.sku, "name": productName(product, console),
                 "category": product.categoryId.flatMap { names[$0] } ?? "", "brand": product.brand ?? "",
                 "price": ConsoleFormat.money(product.listPrice.minorUnits, product.listPrice.currency), "active": product.isActive]
            }
            next = nextPageLink(console, cursor: page.nextCursor)
        } catch {
            errors = try Self.fieldErrors(error, default: "q")
        }
        var data: [String: Any] = [
            "q": q["q"] ?? "", "categoryOptions": categoryOptions(categories, selected: category, console),
            "tree": categoryTree(categories, parent: nil, console), "hasCategories": !categories.isEmpty,
            "rows": rows, "hasRows": !rows.isEmpty, "searched": q["q"] != nil || category != nil,
            "errors": errors, "categoryErrors": categoryErrors, "canWrite": console.holds(.productsWrite),
            "newCategory": ["code": console.form["code"] ?? "", "nameZh": console.form["nameZh"] ?? "", "nameEn": console.form["nameEn"] ?? "",
                            "parents": categoryOptions(categories, selected: Self.id(console.form["parent"]), console)] as [String: Any],
        ]
        if let next { data["next"] = next }
        if let notice = doneNotice(console) { data["notice"] = notice }
        return page(status: status, "catalogue", titleKey: "catalogue.title", data: data, console)
    }

    /// POST: a new category, under a parent or at the top; refused input re-renders the catalogue with 422.
    func createCategory(_ console: ConsoleRequest) async throws -> Response {
        let form = console.form
        var errors: [String: String] = [:]
        var parent: ProductCategory.ID?
        if let raw = form["parent"] {
            parent = Self.id(raw)
            if parent == nil { errors["parentId"] = text("catalogue.category_parent_invalid", console) }
        }
        if errors.isEmpty {
            let category = ProductCategory(parentId: parent, code: form["code"] ?? "", nameZh: form["nameZh"] ?? "", nameEn: form["nameEn"] ?? "")
            do {
                _ = try await services.catalogue.save(category, by: console.caller, requestId: console.requestId)
                return redirect(to: "/console/catalogue?done=created")
            } catch {
                errors = try Self.fieldErrors(error, default: "code")
            }
        }
        return try await cataloguePage(console, categoryErrors: errors, status: .unprocessableContent)
    }

    func categoryName(_ category: ProductCategory, _ console: ConsoleRequest) -> String {
        console.language == .zhCN ? category.nameZh : category.nameEn
    }

    func productName(_ product: Product, _ console: ConsoleRequest) -> String {
        console.language == .zhCN ? product.nameZh : product.nameEn
    }

    /// The nested list the tree template renders recursively; every node sets `children` and `hasChildren`, so
    /// a leaf never reads its parent's by mustache's context lookup.
    func categoryTree(_ all: [ProductCategory], parent: ProductCategory.ID?, _ console: ConsoleRequest, depth: Int = 0) -> [[String: Any]] {
        guard depth < 10 else { return [] }
        return all.filter { $0.parentId == parent }.map { category in
            let children = categoryTree(all, parent: category.id, console, depth: depth + 1)
            return ["id": category.id.uuidString.lowercased(), "code": category.code, "name": categoryName(category, console),
                    "children": children, "hasChildren": !children.isEmpty]
        }
    }

    /// Categories for a select, in tree order, each indented by its depth.
    func categoryOptions(_ all: [ProductCategory], selected: ProductCategory.ID?, _ console: ConsoleRequest) -> [[String: Any]] {
        func walk(_ parent: ProductCategory.ID?, _ depth: Int) -> [[String: Any]] {
            guard depth < 10 else { return [] }
            return all.filter { $0.parentId == parent }.flatMap { category -> [[String: Any]] in
                [["id": category.id.uuidString.lowercased(), "selected": category.id == selected,
                  "name": String(repeating: "\u{3000}", count: depth) + categoryName(category, console)]] + walk(category.id, depth + 1)
            }
        }
        return walk(nil, 0)
    }
}
