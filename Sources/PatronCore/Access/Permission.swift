/// The catalogue of things a caller may be allowed to do. Roles bundle them; every API operation
/// declares the one it needs. Raw values are stable: they are stored in roles and API-key scopes.
public enum Permission: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case customersRead = "customers.read"
    case customersReadPII = "customers.read_pii"
    case customersWrite = "customers.write"
    case customersExport = "customers.export"
    case customersErase = "customers.erase"
    case ordersRead = "orders.read"
    case ordersWrite = "orders.write"
    case ordersRefund = "orders.refund"
    case pointsAdjust = "points.adjust"
    case productsRead = "products.read"
    case productsWrite = "products.write"
    case storesRead = "stores.read"
    case storesManage = "stores.manage"
    case ticketsRead = "tickets.read"
    case ticketsHandle = "tickets.handle"
    case ticketsSupervise = "tickets.supervise"
    /// Log interactions and ingest them from a contact centre or WeChat integration.
    case interactionsWrite = "interactions.write"
    /// Survey templates, triggers and invitations; results are read with `analytics.view` or this.
    case surveysManage = "surveys.manage"
    case suggestionsModerate = "suggestions.moderate"
    /// See the background jobs and run one now.
    case jobsRun = "jobs.run"
    case campaignsManage = "campaigns.manage"
    case analyticsView = "analytics.view"
    case staffRead = "staff.read"
    case staffManage = "staff.manage"
    case rolesManage = "roles.manage"
    case apiKeysManage = "api_keys.manage"
    case settingsManage = "settings.manage"
    case auditView = "audit.view"

    /// Permissions whose resources belong to one store; a store-scoped role grants them only there.
    public var isStoreBound: Bool {
        switch self {
        case .ordersRead, .ordersWrite, .ordersRefund, .ticketsRead, .ticketsHandle, .ticketsSupervise, .interactionsWrite, .staffRead, .staffManage:
            true
        default:
            false
        }
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Parses stored or submitted names, naming the first unknown one.
    public static func parse(_ names: [String], field: String) throws(PatronError) -> Set<Permission> {
        var result = Set<Permission>()
        for name in names {
            guard let permission = Permission(rawValue: name) else {
                throw .invalid(field: field, message: "unknown permission '\(name)'")
            }
            result.insert(permission)
        }
        return result
    }
}
