import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listStores(_ input: Operations.ListStores.Input) async throws -> Operations.ListStores.Output {
        let page = try await services.stores.list(PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Store.init), nextCursor: page.nextCursor))))
    }

    func createStore(_ input: Operations.CreateStore.Input) async throws -> Operations.CreateStore.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let store = Store(code: body.code.trimmingCharacters(in: .whitespaces), name: body.name, city: body.city, region: body.region,
                          timeZone: body.timeZone ?? "Asia/Shanghai", isOnline: body.online ?? false,
                          opensAt: body.opensAt, closesAt: body.closesAt)
        return .created(.init(body: .json(.init(try await services.stores.create(store, by: caller, requestId: requestId)))))
    }

    func getStore(_ input: Operations.GetStore.Input) async throws -> Operations.GetStore.Output {
        .ok(.init(body: .json(.init(try await services.stores.find(uuid(input.path.storeId, field: "storeId"), by: caller)))))
    }

    func updateStore(_ input: Operations.UpdateStore.Input) async throws -> Operations.UpdateStore.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let store = try await services.stores.update(uuid(input.path.storeId, field: "storeId"), by: caller, requestId: requestId) { store in
            Self.apply(body, to: &store)
        }
        return .ok(.init(body: .json(.init(store))))
    }

    private static func apply(_ body: Components.Schemas.StorePatch, to store: inout Store) {
        if let code = body.code { store.code = code.trimmingCharacters(in: .whitespaces) }
        if let name = body.name { store.name = name }
        if let city = body.city { store.city = city }
        if let region = body.region { store.region = region }
        if let zone = body.timeZone { store.timeZone = zone }
        if let online = body.online { store.isOnline = online }
        if let active = body.active { store.isActive = active }
        if body.opensAt != nil || body.closesAt != nil {
            store.opensAt = body.opensAt
            store.closesAt = body.closesAt
        }
    }
}

extension Components.Schemas.Store {
    init(_ store: Store) {
        self.init(id: store.id.apiString, code: store.code, name: store.name, city: store.city, region: store.region,
                  timeZone: store.timeZone, online: store.isOnline, opensAt: store.opensAt, closesAt: store.closesAt,
                  active: store.isActive, createdAt: store.createdAt)
    }
}
