import Foundation

/// Behavioural tags (顾客画像) computed from each customer's orders: preferred categories, price band,
/// channel, preferred store, time of day and week, discount sensitivity (rules in `PersonaRules`). Tags are
/// kept current per order and refund by the storage module's subscriber; `refresh` rebuilds them all.
public struct PersonaService: Sendable {
    let personas: any PersonaRepository
    let customers: any CustomerRepository
    let stores: any StoreRepository

    public init(personas: any PersonaRepository, customers: any CustomerRepository, stores: any StoreRepository) {
        self.personas = personas
        self.customers = customers
        self.stores = stores
    }

    /// The customer's tags. A caller whose store-bound permissions act in one home store sees the preferred
    /// store only when it is that store: which other store a customer frequents is that store's business.
    public func personas(of id: Customer.ID, by caller: Caller) async throws -> [PersonaScore] {
        try caller.require(.customersRead)
        switch try await customers.status(id) {
        case .live: break
        case .merged(let into): throw PatronError.merged(id: id, into: into)
        case .erased: throw PatronError.erased(resource: "customer", id: id.uuidString.lowercased())
        case .missing: throw PatronError.notFound(resource: "customer", id: id.uuidString.lowercased())
        }
        let tags = try await personas.tags(of: id)
        guard case .store = Customer360Scope(caller) else { return tags }
        let home = try await homeStoreCode(caller)
        return tags.filter { $0.tag.kind != .store || $0.tag.value == home }
    }

    /// Recomputes every customer's tags from the whole history.
    public func refresh(at date: Date = Date(), by caller: Caller) async throws -> PersonaRefreshReport {
        try caller.require(.analyticsView)
        return try await personas.refresh(at: date)
    }

    /// Every tag in use with its number of customers, by kind then value.
    public func tagCounts(by caller: Caller) async throws -> [PersonaTagCount] {
        try caller.require(.analyticsView)
        return try await personas.tagCounts().sorted { $0.tag < $1.tag }
    }

    private func homeStoreCode(_ caller: Caller) async throws -> String? {
        guard let home = caller.grants.homeStoreId else { return nil }
        return try await stores.find(home)?.code
    }
}
