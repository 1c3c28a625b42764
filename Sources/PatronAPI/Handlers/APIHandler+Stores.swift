import Foundation
import PatronCore
import PatronOpenAPI

extension APIHandler {
    func listStores(_ input: Operations.ListStores.Input) async throws -> Operations.ListStores.Output {
        let page = try await stores.list(PageRequest(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Store.init), nextCursor: page.nextCursor))))
    }

    func createStore(_ input: Operations.CreateStore.Input) async throws -> Operations.CreateStore.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let store = Store(code: body.code.trimmingCharacters(in: .whitespaces), name: body.name, city: body.city, region: body.region,
                          timeZone: body.timeZone ?? "Asia/Shanghai", isOnline: body.online ?? false)
        try await stores.create(store)
        return .created(.init(body: .json(.init(store))))
    }

    func getStore(_ input: Operations.GetStore.Input) async throws -> Operations.GetStore.Output {
        guard let id = UUID(uuidString: input.path.storeId) else {
            throw PatronError.invalid(field: "storeId", message: "storeId must be a UUID")
        }
        guard let store = try await stores.find(id) else { throw PatronError.notFound(resource: "store", id: input.path.storeId) }
        return .ok(.init(body: .json(.init(store))))
    }
}

extension Components.Schemas.Store {
    init(_ store: Store) {
        self.init(id: store.id.uuidString.lowercased(), code: store.code, name: store.name, city: store.city, region: store.region,
                  timeZone: store.timeZone, online: store.isOnline, createdAt: store.createdAt)
    }
}
