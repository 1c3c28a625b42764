import Foundation

/// Product recommendations for a customer from the stored item-to-item model, and the model's rebuild.
/// The list is read under `customers.read`; a store-scoped caller's list grows from the customer's
/// purchases in their store only, like the customer 360 shows only that store's orders.
public struct RecommendationService: Sendable {
    let repository: any RecommendationRepository
    let customers: any CustomerRepository
    public let settings: RecommendationSettings

    public init(repository: any RecommendationRepository, customers: any CustomerRepository, settings: RecommendationSettings = .init()) {
        self.repository = repository
        self.customers = customers
        self.settings = settings
    }

    public static let limits = 1...50

    /// Up to `limit` products for the customer, best first. Unknown customers are `notFound`, merged ones
    /// `merged`, erased ones `erased`.
    public func recommendations(for customer: Customer.ID, limit: Int = 10, by caller: Caller, at now: Date = Date()) async throws -> [Recommendation] {
        try caller.require(.customersRead)
        guard Self.limits.contains(limit) else {
            throw PatronError.invalid(field: "limit", message: "must be between \(Self.limits.lowerBound) and \(Self.limits.upperBound)")
        }
        _ = try await customers.live(customer)
        let store = Customer360Scope(caller).storeId
        let since = now.addingTimeInterval(-Double(settings.windowDays) * 86_400)
        let history = try await repository.history(of: customer, store: store, since: since, before: now, limit: settings.historyLimit)
        let ranker = RecommendationRanker(settings: settings)
        let neighbours = history.isEmpty ? [] : try await repository.neighbours(of: history.map(\.productId))
        let excluded = ranker.excluded(history, at: now)
        let popular = try await repository.popular(in: ranker.preferredCategories(history), limit: limit + excluded.count)
        let ranked = ranker.rank(history: history, neighbours: neighbours, popular: popular, sellable: { _ in true }, at: now, limit: limit)
        var productIds = Set(ranked.map(\.productId))
        var categoryIds = Set<ProductCategory.ID>()
        for candidate in ranked {
            switch candidate.basis {
            case .boughtWith(let source): productIds.insert(source)
            case .popularInCategory(let category): if let category { categoryIds.insert(category) }
            }
        }
        let catalogue = try await repository.catalogue(products: productIds, categories: categoryIds)
        return ranked.compactMap { candidate in
            guard let product = catalogue.products[candidate.productId] else { return nil }
            let reason: Recommendation.Reason = switch candidate.basis {
            case .boughtWith(let source): .boughtWith(productId: source, productName: catalogue.products[source]?.nameZh ?? "")
            case .popularInCategory(let category): .popularInCategory(categoryId: category, categoryName: category.flatMap { catalogue.categories[$0]?.nameZh })
            }
            return Recommendation(productId: product.id, sku: product.sku, name: product.nameZh, categoryId: product.categoryId,
                                  score: candidate.score, reason: reason)
        }
    }

    /// Recomputes the model from the orders in the window before `now`; for the nightly job and analysts.
    public func rebuild(at now: Date = Date(), by caller: Caller) async throws -> RecommendationRebuild {
        guard caller.grants.holds(.analyticsView) || caller.grants.holds(.jobsRun) else {
            throw PatronError.forbidden(message: "this needs the permission \(Permission.analyticsView.rawValue) or \(Permission.jobsRun.rawValue)")
        }
        return try await repository.rebuild(at: now, settings: settings)
    }
}
