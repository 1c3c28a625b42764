import Foundation
import OpenAPIRuntime
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    /// Public: no caller; limited per client address by the service.
    func createSuggestion(_ input: Operations.CreateSuggestion.Input) async throws -> Operations.CreateSuggestion.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let draft = SuggestionDraft(text: body.text, category: Suggestion.Category(rawValue: body.category.rawValue) ?? .other,
                                    storeId: try body.storeId.map { try uuid($0, field: "storeId") }, contact: body.contact)
        let receipt = try await services.suggestions.submit(draft, clientAddress: RequestScope.clientAddress)
        return .created(.init(body: .json(.init(code: receipt.code, status: .init(rawValue: receipt.status.rawValue) ?? .received,
                                                createdAt: receipt.createdAt))))
    }

    /// Public: the code is the authority.
    func getSuggestionStatus(_ input: Operations.GetSuggestionStatus.Input) async throws -> Operations.GetSuggestionStatus.Output {
        let view = try await services.suggestions.status(code: input.path.code)
        return .ok(.init(body: .json(.init(status: .init(rawValue: view.status.rawValue) ?? .received,
                                           category: .init(rawValue: view.category.rawValue) ?? .other, publicReply: view.publicReply,
                                           createdAt: view.createdAt, updatedAt: view.updatedAt))))
    }

    func listSuggestions(_ input: Operations.ListSuggestions.Input) async throws -> Operations.ListSuggestions.Output {
        let q = input.query
        let filter = SuggestionFilter(status: q.status.flatMap { .init(rawValue: $0.rawValue) }, category: q.category.flatMap { .init(rawValue: $0.rawValue) },
                                      department: q.department.flatMap { .init(rawValue: $0.rawValue) })
        let page = try await services.suggestions.list(filter, page: PageRequest(cursor: q.cursor, limit: q.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Suggestion.init), nextCursor: page.nextCursor))))
    }

    func getSuggestion(_ input: Operations.GetSuggestion.Input) async throws -> Operations.GetSuggestion.Output {
        let suggestion = try await services.suggestions.find(try uuid(input.path.suggestionId, field: "suggestionId"), by: caller)
        return .ok(.init(body: .json(.init(suggestion))))
    }

    func moderateSuggestion(_ input: Operations.ModerateSuggestion.Input) async throws -> Operations.ModerateSuggestion.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let change = SuggestionChange(status: body.status.flatMap { .init(rawValue: $0.rawValue) },
                                      department: body.department.flatMap { .init(rawValue: $0.rawValue) }, publicReply: body.publicReply)
        let suggestion = try await services.suggestions.moderate(try uuid(input.path.suggestionId, field: "suggestionId"), change, by: caller)
        return .ok(.init(body: .json(.init(suggestion))))
    }
}

extension Components.Schemas.Suggestion {
    init(_ suggestion: Suggestion) {
        self.init(id: suggestion.id.apiString, text: suggestion.text, category: .init(rawValue: suggestion.category.rawValue) ?? .other,
                  storeId: suggestion.storeId?.apiString, contactMasked: suggestion.contact?.masked,
                  status: .init(rawValue: suggestion.status.rawValue) ?? .received,
                  department: suggestion.department.flatMap { .init(rawValue: $0.rawValue) }, publicReply: suggestion.publicReply,
                  replySent: suggestion.replySent, createdAt: suggestion.createdAt, updatedAt: suggestion.updatedAt)
    }
}
