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

    public init(identity: Identity, grants: Grants) {
        self.identity = identity
        self.grants = grants
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
