import Foundation

/// Staff administration with the rules a chain relies on: passwords meet the policy, roles exist,
/// store-scoped roles come with a home store, nobody grants more than they hold, and the last active
/// administrator cannot be removed. Every change is audited with the change itself.
public struct StaffService: Sendable {
    let staff: any StaffRepository
    let roles: any RoleRepository
    let stores: any StoreRepository
    let hasher: any PasswordHasher

    public init(staff: any StaffRepository, roles: any RoleRepository, stores: any StoreRepository, hasher: any PasswordHasher) {
        self.staff = staff
        self.roles = roles
        self.stores = stores
        self.hasher = hasher
    }

    public struct NewMember: Sendable {
        public var username: String
        public var displayName: String
        public var department: StaffMember.Department
        public var homeStoreId: Store.ID?
        public var roles: [String]
        public var password: String

        public init(username: String, displayName: String, department: StaffMember.Department, homeStoreId: Store.ID?,
                    roles: [String], password: String) {
            self.username = username
            self.displayName = displayName
            self.department = department
            self.homeStoreId = homeStoreId
            self.roles = roles
            self.password = password
        }
    }

    public struct Changes: Sendable {
        public var displayName: String?
        public var department: StaffMember.Department?
        /// `.some(nil)` moves the member to all stores.
        public var homeStoreId: Store.ID??
        public var roles: [String]?
        public var isActive: Bool?
        public var password: String?

        public init(displayName: String? = nil, department: StaffMember.Department? = nil, homeStoreId: Store.ID?? = nil,
                    roles: [String]? = nil, isActive: Bool? = nil, password: String? = nil) {
            self.displayName = displayName
            self.department = department
            self.homeStoreId = homeStoreId
            self.roles = roles
            self.isActive = isActive
            self.password = password
        }
    }

    public func create(_ input: NewMember, by caller: Caller, requestId: String?) async throws -> StaffMember {
        try caller.require(.staffManage, forRecordOf: input.homeStoreId)
        let username = try StaffMember.normalise(username: input.username)
        try Validate.text(input.displayName, field: "displayName", maxLength: 100)
        try PasswordPolicy.check(input.password, username: username)
        let member = StaffMember(username: username, displayName: input.displayName, department: input.department,
                                 homeStoreId: input.homeStoreId, roles: Array(Set(input.roles)).sorted())
        try await checkAssignment(member, by: caller)
        let hash = try await hasher.hash(input.password)
        try await staff.create(member, passwordHash: hash, audit: event("staff.created", member, caller, requestId,
                                                                         details: ["roles": member.roles.joined(separator: ",")]))
        return member
    }

    public func update(_ id: StaffMember.ID, _ changes: Changes, by caller: Caller, requestId: String?) async throws -> StaffMember {
        try caller.require(.staffManage)
        guard let current = try await staff.find(id) else { throw PatronError.notFound(resource: "staff member", id: id.uuidString) }
        try caller.require(.staffManage, forRecordOf: current.homeStoreId)
        var updated = current
        if let name = changes.displayName {
            try Validate.text(name, field: "displayName", maxLength: 100)
            updated.displayName = name
        }
        if let department = changes.department { updated.department = department }
        if let home = changes.homeStoreId { updated.homeStoreId = home }
        if let roles = changes.roles { updated.roles = Array(Set(roles)).sorted() }
        if let active = changes.isActive { updated.isActive = active }
        try caller.require(.staffManage, forRecordOf: updated.homeStoreId)
        if updated.roles != current.roles || updated.homeStoreId != current.homeStoreId {
            try await checkAssignment(updated, by: caller)
        }
        let wasAdmin = current.isActive && current.roles.contains(Role.administrator)
        let staysAdmin = updated.isActive && updated.roles.contains(Role.administrator)
        if wasAdmin && !staysAdmin, try await staff.countActiveAdministrators() <= 1 {
            throw PatronError.conflict(field: "roles", message: "this is the last active administrator; appoint another first")
        }
        var hash: String?
        if let password = changes.password {
            try PasswordPolicy.check(password, username: current.username)
            hash = try await hasher.hash(password)
        }
        var changed = Self.changedFields(current, updated)
        if hash != nil { changed.append("password") }
        try await staff.update(updated, passwordHash: hash,
                               audit: event("staff.updated", updated, caller, requestId,
                                            details: ["changed": changed.joined(separator: ","), "roles": updated.roles.joined(separator: ",")]))
        return updated
    }

    /// Lifts a sign-in lock and clears the failure count, e.g. after someone locked a colleague out on purpose.
    public func unlock(_ id: StaffMember.ID, by caller: Caller, requestId: String?) async throws {
        try caller.require(.staffManage)
        guard let member = try await staff.find(id) else { throw PatronError.notFound(resource: "staff member", id: id.uuidString) }
        try caller.require(.staffManage, forRecordOf: member.homeStoreId)
        try await staff.unlock(id, audit: event("account.unlocked", member, caller, requestId, details: [:]))
    }

    public func find(_ id: StaffMember.ID, by caller: Caller) async throws -> StaffMember {
        try caller.require(.staffRead)
        guard let member = try await staff.find(id) else { throw PatronError.notFound(resource: "staff member", id: id.uuidString) }
        try caller.require(.staffRead, forRecordOf: member.homeStoreId)
        return member
    }

    public func list(_ page: PageRequest, by caller: Caller) async throws -> Page<StaffMember> {
        switch caller.grants.storeFilter(for: .staffRead) {
        case .all: return try await staff.list(page, store: nil)
        case .only(let store): return try await staff.list(page, store: store)
        case .none: throw PatronError.forbidden(message: "this needs the permission staff.read")
        }
    }

    /// A staff member chooses the language of their own console; nil follows the browser. Needs no
    /// permission beyond being signed in as staff.
    public func setLanguage(_ language: StaffMember.Language?, by caller: Caller, requestId: String?) async throws -> StaffMember {
        let me = try caller.requireStaff("a language preference")
        guard var member = try await staff.find(me.id) else { throw PatronError.notFound(resource: "staff member", id: me.id.uuidString.lowercased()) }
        guard member.language != language else { return member }
        member.language = language
        try await staff.update(member, passwordHash: nil, audit: event("staff.language_changed", member, caller, requestId,
                                                                        details: ["language": language?.rawValue ?? "none"]))
        return member
    }

    /// Roles must exist, be grantable by the caller, and a store-scoped role needs a home store that exists.
    private func checkAssignment(_ member: StaffMember, by caller: Caller) async throws {
        guard !member.roles.isEmpty else { throw PatronError.invalid(field: "roles", message: "a staff member needs at least one role") }
        var granted = Set<Permission>()
        for name in member.roles {
            guard let role = try await roles.find(name) else {
                throw PatronError.invalid(field: "roles", message: "there is no role named '\(name)'")
            }
            if role.storeScoped && member.homeStoreId == nil {
                throw PatronError.invalid(field: "homeStoreId", message: "the store-scoped role \(name) needs a home store")
            }
            granted.formUnion(role.permissions)
        }
        try caller.requireCanGrant(granted, field: "roles")
        if let store = member.homeStoreId, try await stores.find(store) == nil {
            throw PatronError.invalid(field: "homeStoreId", message: "there is no store \(store.uuidString.lowercased())")
        }
    }

    static func changedFields(_ a: StaffMember, _ b: StaffMember) -> [String] {
        var fields: [String] = []
        if a.displayName != b.displayName { fields.append("displayName") }
        if a.department != b.department { fields.append("department") }
        if a.homeStoreId != b.homeStoreId { fields.append("homeStoreId") }
        if a.roles != b.roles { fields.append("roles") }
        if a.isActive != b.isActive { fields.append("active") }
        return fields
    }

    private func event(_ action: String, _ member: StaffMember, _ caller: Caller, _ requestId: String?,
                       details: [String: String]) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "staff", resourceId: member.id.uuidString.lowercased(),
                   requestId: requestId, details: details)
    }
}
