import Foundation

/// Custom roles beside the built-in ones. Built-in roles are fixed so that upgrades can rely on them;
/// a role in use cannot be deleted; nobody creates a role stronger than themselves.
public struct RoleService: Sendable {
    let roles: any RoleRepository

    public init(roles: any RoleRepository) { self.roles = roles }

    /// Roles are read by whoever may read staff, since a member's roles explain what they may do.
    public func list(by caller: Caller) async throws -> [Role] {
        try caller.require(.staffRead)
        return try await roles.all()
    }

    public func find(_ name: String, by caller: Caller) async throws -> Role {
        try caller.require(.staffRead)
        return try await stored(name)
    }

    public func create(_ role: Role, by caller: Caller, requestId: String?) async throws -> Role {
        try caller.require(.rolesManage)
        var role = role
        role.builtIn = false
        try Self.validate(role)
        try caller.requireCanGrant(role.permissions, field: "permissions")
        guard try await roles.find(role.name) == nil else {
            throw PatronError.conflict(field: "name", message: "a role named \(role.name) already exists")
        }
        try await roles.create(role, audit: event("role.created", role, caller, requestId))
        return role
    }

    public func update(_ role: Role, by caller: Caller, requestId: String?) async throws -> Role {
        try caller.require(.rolesManage)
        let current = try await stored(role.name)
        guard !current.builtIn else {
            throw PatronError.conflict(field: "name", message: "the built-in role \(role.name) cannot be changed; create a custom role instead")
        }
        var role = role
        role.builtIn = false
        try Self.validate(role)
        try caller.requireCanGrant(role.permissions.union(current.permissions), field: "permissions")
        try await roles.update(role, audit: event("role.updated", role, caller, requestId))
        return role
    }

    public func delete(_ name: String, by caller: Caller, requestId: String?) async throws {
        try caller.require(.rolesManage)
        let current = try await stored(name)
        guard !current.builtIn else { throw PatronError.conflict(field: "name", message: "the built-in role \(name) cannot be deleted") }
        try caller.requireCanGrant(current.permissions, field: "permissions")
        try await roles.delete(name, audit: event("role.deleted", current, caller, requestId))
    }

    private func stored(_ name: String) async throws -> Role {
        guard let role = try await roles.find(name) else { throw PatronError.notFound(resource: "role", id: name) }
        return role
    }

    static func validate(_ role: Role) throws(PatronError) {
        try Role.validate(name: role.name)
        try Validate.text(role.nameZh, field: "nameZh", maxLength: 60)
        try Validate.text(role.nameEn, field: "nameEn", maxLength: 60)
        guard !role.permissions.isEmpty else { throw .invalid(field: "permissions", message: "a role needs at least one permission") }
    }

    private func event(_ action: String, _ role: Role, _ caller: Caller, _ requestId: String?) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "role", resourceId: role.name, requestId: requestId,
                   details: ["permissions": role.permissions.sorted().map(\.rawValue).joined(separator: ","),
                             "storeScoped": String(role.storeScoped)])
    }
}
