import Foundation

/// Which stores' records a caller sees in the 360 view. The view is read under `customers.read`, which is
/// chain-wide; a caller whose store-bound permissions act only in a home store (a store manager, a sales
/// associate) sees that store's records and the chain-wide ones (no store), like `OrderQueries` limits orders.
public enum Customer360Scope: Sendable, Equatable {
    case chain
    case store(Store.ID)

    public init(_ caller: Caller) {
        if let home = caller.grants.homeStoreId, !caller.grants.inHomeStore.isEmpty { self = .store(home) } else { self = .chain }
    }

    /// The store a query must keep to, or nil for every store.
    public var storeId: Store.ID? {
        if case .store(let id) = self { return id }
        return nil
    }

    public func shows(_ entry: TimelineEntry) -> Bool {
        switch self {
        case .chain: true
        case .store(let home): entry.storeId == nil || entry.storeId == home
        }
    }
}
