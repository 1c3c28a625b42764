import Foundation

public protocol APIKeyRepository: Sendable {
    func create(_ key: APIKey, secretDigest: String, audit: AuditEvent) async throws
    func list(_ page: PageRequest) async throws -> Page<APIKey>
    /// A usable key by the digest of its secret; marks it used.
    func authenticate(secretDigest: String, at now: Date) async throws -> APIKey?
    func revoke(_ id: APIKey.ID, at now: Date, audit: AuditEvent) async throws
}
