import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func getCustomerRecommendations(_ input: Operations.GetCustomerRecommendations.Input) async throws -> Operations.GetCustomerRecommendations.Output {
        let items = try await services.recommendations.recommendations(for: try uuid(input.path.customerId, field: "customerId"),
                                                                       limit: input.query.limit ?? 10, by: caller)
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Recommendation.init)))))
    }
}

extension Components.Schemas.Recommendation {
    init(_ item: PatronCore.Recommendation) {
        let reason: Components.Schemas.RecommendationReason = switch item.reason {
        case .boughtWith(let productId, let name):
            .init(kind: .boughtWith, productId: productId.apiString, productName: String(name.prefix(200)))
        case .popularInCategory(let categoryId, let name):
            .init(kind: .popularInCategory, categoryId: categoryId?.apiString, categoryName: name.map { String($0.prefix(200)) })
        }
        self.init(productId: item.productId.apiString, sku: String(item.sku.prefix(64)), name: String(item.name.prefix(200)),
                  categoryId: item.categoryId?.apiString, score: max(0, item.score), reason: reason)
    }
}
