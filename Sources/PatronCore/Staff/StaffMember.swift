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
    /// The console language the member chose; nil follows the browser's.
    public var language: Language?

    public init(id: ID = UUID(), username: String, displayName: String, department: Department,
                homeStoreId: Store.ID? = nil, roles: [String] = [], isActive: Bool = true, createdAt: Date = Date(),
                language: Language? = nil) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.department = department
        self.homeStoreId = homeStoreId
        self.roles = roles
        self.isActive = isActive
        self.createdAt = createdAt
        self.language = language
    }

    public enum Department: String, Hashable, Sendable, CaseIterable, Codable {
        case sales, purchasing, marketing, customerService = "customer_service"
        case storeManagement = "store_management", administration
    }

    /// The languages the console speaks; raw values are BCP 47 tags, stored as they are.
    public enum Language: String, Hashable, Sendable, CaseIterable, Codable {
        case zhCN = "zh-CN", en
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
