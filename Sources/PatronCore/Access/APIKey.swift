import Foundation

/// A credential for a system rather than a person — a POS, the web shop, a BI tool. Its scopes are the
/// permissions it may use; a store-bound key acts only for one store. The secret is shown once at creation
/// and stored only as a digest.
public struct APIKey: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    public var name: String
    /// The first characters of the secret, so operators can tell keys apart without seeing them.
    public var prefix: String
    public var scopes: Set<Permission>
    public var storeId: Store.ID?
    public var createdBy: StaffMember.ID?
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(id: ID = UUID(), name: String, prefix: String, scopes: Set<Permission>, storeId: Store.ID?,
                createdBy: StaffMember.ID?, createdAt: Date = Date(), expiresAt: Date? = nil,
                revokedAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.scopes = scopes
        self.storeId = storeId
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// A store-bound key's store-bound scopes act only in its store; its other scopes act everywhere.
    public var grants: Grants {
        guard let storeId else { return Grants(everywhere: scopes) }
        return Grants(everywhere: scopes.filter { !$0.isStoreBound }, inHomeStore: scopes.filter(\.isStoreBound), homeStoreId: storeId)
    }

    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}
