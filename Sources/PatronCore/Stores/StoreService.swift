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

    /// Applies `change` to the stored store and saves it: a partial update needs `stores.manage` only, not the
    /// read permission a separate lookup would ask for.
    public func update(_ id: Store.ID, by caller: Caller, requestId: String?, applying change: (inout Store) throws -> Void) async throws -> Store {
        try caller.require(.storesManage)
        guard var store = try await stores.find(id) else { throw PatronError.notFound(resource: "store", id: id.uuidString.lowercased()) }
        try change(&store)
        store.id = id
        return try await update(store, by: caller, requestId: requestId)
    }

    public func find(_ id: Store.ID, by caller: Caller) async throws -> Store {
        try caller.require(.storesRead)
        guard let store = try await stores.find(id) else { throw PatronError.notFound(resource: "store", id: id.uuidString.lowercased()) }
        return store
    }

    public func list(_ page: PageRequest, by caller: Caller) async throws -> Page<Store> {
        try caller.require(.storesRead)
        return try await stores.list(page)
    }

    private func event(_ action: String, _ store: Store, _ caller: Caller, _ requestId: String?) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "store", resourceId: store.id.uuidString.lowercased(),
                   requestId: requestId, details: ["code": store.code])
    }
}
