import Foundation

/// Integration keys: created by someone who holds every scope they hand out, shown once, revocable.
public struct APIKeyService: Sendable {
    let keys: any APIKeyRepository
    let stores: any StoreRepository
    let secrets: any SecretIssuer

    public init(keys: any APIKeyRepository, stores: any StoreRepository, secrets: any SecretIssuer) {
        self.keys = keys
        self.stores = stores
        self.secrets = secrets
    }

    public static let secretPrefix = "pk_"

    /// Keys with their prefixes and scopes, never their secrets.
    public func list(_ page: PageRequest, by caller: Caller) async throws -> Page<APIKey> {
        try caller.require(.apiKeysManage)
        return try await keys.list(page)
    }

    public func create(name: String, scopes: [String], storeId: Store.ID?, expiresAt: Date?, by caller: Caller,
                       requestId: String?) async throws -> (key: APIKey, secret: String) {
        try caller.require(.apiKeysManage)
        try Validate.text(name, field: "name", maxLength: 100)
        let scopes = try Permission.parse(scopes, field: "scopes")
        guard !scopes.isEmpty else { throw PatronError.invalid(field: "scopes", message: "a key needs at least one scope") }
        try caller.requireCanGrant(scopes, field: "scopes")
        if let expiresAt, expiresAt <= Date() {
            throw PatronError.invalid(field: "expiresAt", message: "expiresAt must be in the future")
        }
        if let storeId, try await stores.find(storeId) == nil {
            throw PatronError.invalid(field: "storeId", message: "there is no store \(storeId.uuidString.lowercased())")
        }
        let secret = secrets.newSecret(prefix: Self.secretPrefix)
        let createdBy: StaffMember.ID? = if case .staff(let member) = caller.identity { member.id } else { nil }
        let key = APIKey(name: name, prefix: String(secret.prefix(Self.secretPrefix.count + 6)), scopes: scopes, storeId: storeId,
                         createdBy: createdBy, expiresAt: expiresAt)
        try await keys.create(key, secretDigest: secrets.digest(secret),
                              audit: AuditEvent(actor: caller.actor, action: "api_key.created", resourceType: "api_key",
                                                resourceId: key.id.uuidString.lowercased(), requestId: requestId,
                                                details: ["scopes": scopes.sorted().map(\.rawValue).joined(separator: ","), "name": name]))
        return (key, secret)
    }

    public func revoke(_ id: APIKey.ID, by caller: Caller, requestId: String?) async throws {
        try caller.require(.apiKeysManage)
        try await keys.revoke(id, at: Date(), audit: AuditEvent(actor: caller.actor, action: "api_key.revoked", resourceType: "api_key",
                                                                resourceId: id.uuidString.lowercased(), requestId: requestId))
    }
}
