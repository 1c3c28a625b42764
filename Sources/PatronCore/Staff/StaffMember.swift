import Foundation

/// A person who signs in to Patron. The password hash never leaves storage; this type carries none.
public struct StaffMember: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    public var username: String
    public var displayName: String
    public var department: Department
    /// Nil means the member works for all stores; store-scoped roles need a home store.
    public var homeStoreId: Store.ID?
    /// Names of the roles held; permissions come only from roles.
    public var roles: [String]
    public var isActive: Bool
    public var createdAt: Date

    public init(id: ID = UUID(), username: String, displayName: String, department: Department,
                homeStoreId: Store.ID? = nil, roles: [String] = [], isActive: Bool = true, createdAt: Date = Date()) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.department = department
        self.homeStoreId = homeStoreId
        self.roles = roles
        self.isActive = isActive
        self.createdAt = createdAt
    }

    public enum Department: String, Hashable, Sendable, CaseIterable, Codable {
        case sales, purchasing, marketing, customerService = "customer_service"
        case storeManagement = "store_management", administration
    }

    /// Usernames are compared case-insensitively, so they are stored lower-cased.
    public static func normalise(username: String) throws(PatronError) -> String {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard (3...64).contains(name.count),
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw .invalid(field: "username", message: "a username has 3–64 letters, digits, '.', '_' or '-'")
        }
        return name
    }
}
