import Foundation

/// Who is acting — a signed-in staff member, an integration's API key, or Patron itself — together with
/// what they may do. Services take a caller so that permission checks and audit entries cannot be forgotten.
public struct Caller: Hashable, Sendable {
    public enum Identity: Hashable, Sendable {
        case staff(StaffMember)
        case apiKey(APIKey)
        /// Background jobs and the CLI.
        case system(String)
    }

    public let identity: Identity
    public let grants: Grants
    /// The digest of the staff session the caller signed in with, so that a password change can end every
    /// other session of the member and keep this one; nil for API keys and the system.
    public let sessionDigest: String?

    public init(identity: Identity, grants: Grants, sessionDigest: String? = nil) {
        self.identity = identity
        self.grants = grants
        self.sessionDigest = sessionDigest
    }

    public static func system(_ name: String) -> Caller {
        Caller(identity: .system(name), grants: Grants(everywhere: Set(Permission.allCases)))
    }

    public var actor: AuditEvent.Actor {
        switch identity {
        case .staff(let member): .init(kind: .staff, id: member.id.uuidString.lowercased(), name: member.username)
        case .apiKey(let key): .init(kind: .apiKey, id: key.id.uuidString.lowercased(), name: key.name)
        case .system(let name): .init(kind: .system, id: nil, name: name)
        }
    }

    /// The staff member acting, or `forbidden` for an API key or the system: for what only a person has, such
    /// as a password or a language preference.
    public func requireStaff(_ what: String) throws(PatronError) -> StaffMember {
        guard case .staff(let member) = identity else { throw .forbidden(message: "\(what) belongs to staff accounts; this caller is not one") }
        return member
    }

    /// Throws `forbidden` unless the caller holds `permission` anywhere: the gate for an operation.
    public func require(_ permission: Permission) throws(PatronError) {
        guard grants.holds(permission) else { throw .forbidden(message: "this needs the permission \(permission.rawValue)") }
    }

    /// Throws `forbidden` unless the caller may use `permission` on a record of `store`; a record of no
    /// store (chain-wide) needs the permission without store scope.
    public func require(_ permission: Permission, forRecordOf store: Store.ID?) throws(PatronError) {
        let allowed = store.map { grants.allows(permission, inStore: $0) } ?? grants.everywhere.contains(permission)
        guard allowed else {
            throw .forbidden(message: "this needs the permission \(permission.rawValue) for that record's store")
        }
    }

    /// Refuses to hand out permissions the caller does not hold chain-wide, so nobody can escalate.
    public func requireCanGrant(_ permissions: Set<Permission>, field: String) throws(PatronError) {
        let missing = permissions.subtracting(grants.everywhere)
        guard missing.isEmpty else {
            throw .forbidden(message: "\(field): you cannot grant permissions you do not hold chain-wide: \(missing.sorted().map(\.rawValue).joined(separator: ", "))")
        }
    }
}
