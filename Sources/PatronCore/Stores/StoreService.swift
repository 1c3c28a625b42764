import Foundation

/// Opening, changing and closing stores, each change audited.
public struct StoreService: Sendable {
    let stores: any StoreRepository

    public init(stores: any StoreRepository) { self.stores = stores }

    public func create(_ store: Store, by caller: Caller, requestId: String?) async throws -> Store {
        try caller.require(.storesManage)
        try store.validate()
        try await stores.create(store, audit: event("store.created", store, caller, requestId))
        return store
    }

    public func update(_ store: Store, by caller: Caller, requestId: String?) async throws -> Store {
        try caller.require(.storesManage)
        guard let current = try await stores.find(store.id) else { throw PatronError.notFound(resource: "store", id: store.id.uuidString) }
        var store = store
        store.createdAt = current.createdAt
        try store.validate()
        try await stores.update(store, audit: event("store.updated", store, caller, requestId))
        return store
    }

    public func find(_ id: Store.ID) async throws -> Store {
        guard let store = try await stores.find(id) else { throw PatronError.notFound(resource: "store", id: id.uuidString.lowercased()) }
        return store
    }

    public func list(_ page: PageRequest) async throws -> Page<Store> { try await stores.list(page) }

    private func event(_ action: String, _ store: Store, _ caller: Caller, _ requestId: String?) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "store", resourceId: store.id.uuidString.lowercased(),
                   requestId: requestId, details: ["code": store.code])
    }
}
