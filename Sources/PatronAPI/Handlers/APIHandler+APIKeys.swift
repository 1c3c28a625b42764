import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listAPIKeys(_ input: Operations.ListAPIKeys.Input) async throws -> Operations.ListAPIKeys.Output {
        let page = try await services.apiKeys.list(PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.APIKey.init), nextCursor: page.nextCursor))))
    }

    func createAPIKey(_ input: Operations.CreateAPIKey.Input) async throws -> Operations.CreateAPIKey.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let (key, secret) = try await services.apiKeys.create(
            name: body.name, scopes: body.scopes, storeId: try body.storeId.map { try uuid($0, field: "storeId") },
            expiresAt: body.expiresAt, by: caller, requestId: requestId)
        return .created(.init(body: .json(.init(key: .init(key), secret: secret))))
    }

    func revokeAPIKey(_ input: Operations.RevokeAPIKey.Input) async throws -> Operations.RevokeAPIKey.Output {
        try await services.apiKeys.revoke(try uuid(input.path.keyId, field: "keyId"), by: caller, requestId: requestId)
        return .noContent(.init())
    }
}

extension Components.Schemas.APIKey {
    init(_ key: APIKey) {
        self.init(id: key.id.apiString, name: key.name, prefix: key.prefix, scopes: key.scopes.sorted().map(\.rawValue),
                  storeId: key.storeId?.apiString, createdAt: key.createdAt, expiresAt: key.expiresAt, revokedAt: key.revokedAt,
                  lastUsedAt: key.lastUsedAt, active: key.isUsable(at: Date()))
    }
}
