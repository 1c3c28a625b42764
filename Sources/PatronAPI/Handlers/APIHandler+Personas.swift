import Foundation
import OpenAPIRuntime
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func getCustomerPersonas(_ input: Operations.GetCustomerPersonas.Input) async throws -> Operations.GetCustomerPersonas.Output {
        let tags = try await services.personas.personas(of: try uuid(input.path.customerId, field: "customerId"), by: caller)
        return .ok(.init(body: .json(.init(items: tags.map {
            .init(kind: .init($0.tag.kind), value: $0.tag.value, score: $0.score)
        }))))
    }

    func getPersonaCounts(_ input: Operations.GetPersonaCounts.Input) async throws -> Operations.GetPersonaCounts.Output {
        let counts = try await services.personas.tagCounts(by: caller)
        return .ok(.init(body: .json(.init(items: counts.map {
            .init(kind: .init($0.tag.kind), value: $0.tag.value, customers: Int64($0.customers))
        }))))
    }
}

extension Components.Schemas.PersonaKind {
    init(_ kind: PersonaKind) {
        switch kind {
        case .category: self = .category
        case .price: self = .price
        case .channel: self = .channel
        case .store: self = .store
        case .daypart: self = .daypart
        case .week: self = .week
        case .discount: self = .discount
        }
    }
}
