import Foundation

/// Turns a presented secret — a staff session token from the API's `Authorization: Bearer` or the console's
/// cookie, or an integration's API key — into a `Caller`. One place, so the API and the console can never
/// disagree about who is signed in or what they hold.
public struct Authenticator: Sendable {
    let staff: any StaffRepository
    let roles: any RoleRepository
    let apiKeys: any APIKeyRepository
    let secrets: any SecretIssuer

    public init(staff: any StaffRepository, roles: any RoleRepository, apiKeys: any APIKeyRepository, secrets: any SecretIssuer) {
        self.staff = staff
        self.roles = roles
        self.apiKeys = apiKeys
        self.secrets = secrets
    }

    /// Who presented the secret, and for a staff session the digest that names it (to sign out exactly it).
    public struct Authenticated: Sendable {
        public let caller: Caller
        public let sessionDigest: String?
    }

    /// Where the secret came from: the console accepts staff sessions only, never an API key in a cookie.
    public enum Channel: Sendable { case api, console }

    /// Longer secrets are refused before any lookup; ours are far shorter.
    static let maximumSecretLength = 200

    public func authenticate(_ secret: String, via channel: Channel, at now: Date = Date()) async throws -> Authenticated {
        guard !secret.isEmpty, secret.utf8.count <= Self.maximumSecretLength else {
            throw PatronError.unauthenticated(message: "the token is unknown, expired or revoked; sign in again")
        }
        let digest = secrets.digest(secret)
        if secret.hasPrefix(APIKeyService.secretPrefix) {
            guard channel == .api, let key = try await apiKeys.authenticate(secretDigest: digest, at: now) else {
                throw PatronError.unauthenticated(message: "the API key is unknown, expired or revoked")
            }
            return Authenticated(caller: Caller(identity: .apiKey(key), grants: key.grants), sessionDigest: nil)
        }
        guard let member = try await staff.findSession(tokenDigest: digest, at: now) else {
            throw PatronError.unauthenticated(message: "the token is unknown, expired or revoked; sign in again")
        }
        let grants = Grants(roles: try await roles.roles(named: member.roles), homeStoreId: member.homeStoreId)
        return Authenticated(caller: Caller(identity: .staff(member), grants: grants, sessionDigest: digest), sessionDigest: digest)
    }
}
