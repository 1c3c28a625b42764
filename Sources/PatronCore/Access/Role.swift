/// A named bundle of permissions. The built-in roles mirror the departments of a retail chain and cannot be
/// deleted or renamed; chains add custom roles for their own set-up.
public struct Role: Hashable, Sendable {
    public var name: String
    public var nameZh: String
    public var nameEn: String
    public var permissions: Set<Permission>
    /// When true the store-bound permissions act only on the holder's home store.
    public var storeScoped: Bool
    public var builtIn: Bool

    public init(name: String, nameZh: String, nameEn: String, permissions: Set<Permission>, storeScoped: Bool, builtIn: Bool = false) {
        self.name = name
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.permissions = permissions
        self.storeScoped = storeScoped
        self.builtIn = builtIn
    }

    public static func validate(name: String) throws(PatronError) {
        guard (3...48).contains(name.count),
              name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }),
              name.first?.isLetter == true else {
            throw .invalid(field: "name", message: "a role name has 3–48 lower-case letters, digits or '_' and starts with a letter")
        }
    }

    public static let administrator = "administrator"

    /// The roles every new database starts with.
    public static let defaults: [Role] = {
        let read: Set<Permission> = [.customersRead, .productsRead, .storesRead]
        return [
            Role(name: administrator, nameZh: "系统管理员", nameEn: "Administrator",
                 permissions: Set(Permission.allCases), storeScoped: false, builtIn: true),
            Role(name: "store_manager", nameZh: "店长", nameEn: "Store manager",
                 permissions: read.union([.customersWrite, .ordersRead, .ordersWrite, .ordersRefund, .pointsAdjust,
                                          .ticketsRead, .ticketsHandle, .ticketsSupervise, .interactionsWrite, .analyticsView, .staffRead]),
                 storeScoped: true, builtIn: true),
            // Associates take returns at the till, in their own store only (M0012 grants it on older databases).
            Role(name: "sales_associate", nameZh: "导购", nameEn: "Sales associate",
                 permissions: read.union([.customersWrite, .ordersRead, .ordersWrite, .ordersRefund, .ticketsRead, .interactionsWrite]),
                 storeScoped: true, builtIn: true),
            Role(name: "customer_service_agent", nameZh: "客服专员", nameEn: "Customer service agent",
                 permissions: read.union([.customersWrite, .ordersRead, .ticketsRead, .ticketsHandle, .interactionsWrite]),
                 storeScoped: false, builtIn: true),
            Role(name: "customer_service_supervisor", nameZh: "客服主管", nameEn: "Customer service supervisor",
                 permissions: read.union([.customersWrite, .customersReadPII, .ordersRead, .ordersRefund, .pointsAdjust,
                                          .ticketsRead, .ticketsHandle, .ticketsSupervise, .interactionsWrite, .surveysManage,
                                          .suggestionsModerate, .analyticsView, .staffRead]),
                 storeScoped: false, builtIn: true),
            Role(name: "marketing_manager", nameZh: "市场经理", nameEn: "Marketing manager",
                 permissions: read.union([.campaignsManage, .surveysManage, .analyticsView]), storeScoped: false, builtIn: true),
            Role(name: "purchasing_manager", nameZh: "采购经理", nameEn: "Purchasing manager",
                 permissions: [.productsRead, .productsWrite, .storesRead, .ordersRead, .analyticsView],
                 storeScoped: false, builtIn: true),
            Role(name: "analyst", nameZh: "数据分析师", nameEn: "Analyst",
                 permissions: read.union([.ordersRead, .analyticsView]), storeScoped: false, builtIn: true),
            Role(name: "auditor", nameZh: "审计员", nameEn: "Auditor",
                 permissions: [.auditView, .staffRead, .storesRead], storeScoped: false, builtIn: true),
        ]
    }()
}
