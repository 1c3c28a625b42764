import Foundation

/// What one caller may do, and where. Permissions from unscoped roles act chain-wide; store-bound
/// permissions from store-scoped roles act only on the caller's home store.
public struct Grants: Hashable, Sendable {
    public private(set) var everywhere: Set<Permission>
    public private(set) var inHomeStore: Set<Permission>
    public let homeStoreId: Store.ID?

    public init(everywhere: Set<Permission>, inHomeStore: Set<Permission> = [], homeStoreId: Store.ID? = nil) {
        self.everywhere = everywhere
        self.inHomeStore = homeStoreId == nil ? [] : inHomeStore.subtracting(everywhere)
        self.homeStoreId = homeStoreId
    }

    public init(roles: [Role], homeStoreId: Store.ID?) {
        var everywhere = Set<Permission>()
        var scoped = Set<Permission>()
        for role in roles {
            for permission in role.permissions {
                if role.storeScoped && permission.isStoreBound { scoped.insert(permission) } else { everywhere.insert(permission) }
            }
        }
        self.init(everywhere: everywhere, inHomeStore: scoped, homeStoreId: homeStoreId)
    }

    /// Every permission the caller holds somewhere.
    public var all: Set<Permission> { everywhere.union(inHomeStore) }

    public func holds(_ permission: Permission) -> Bool { all.contains(permission) }

    /// Whether the caller may use `permission` on something belonging to `store`.
    public func allows(_ permission: Permission, inStore store: Store.ID?) -> Bool {
        if everywhere.contains(permission) { return true }
        guard let store, inHomeStore.contains(permission) else { return false }
        return store == homeStoreId
    }

    /// Which stores a list under `permission` may show: all, or only the home store.
    public func storeFilter(for permission: Permission) -> StoreFilter {
        if everywhere.contains(permission) { return .all }
        if inHomeStore.contains(permission), let homeStoreId { return .only(homeStoreId) }
        return .none
    }

    public enum StoreFilter: Hashable, Sendable {
        case all, only(Store.ID), none
    }
}
