import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The parts of the layout around every signed-in page: who is signed in, the sections they may open,
/// the other language, and the CSRF token for the sign-out and language forms.
extension Console {
    /// A section of the navigation and the permission that opens it (nil: everyone signed in).
    struct Section {
        let key: String
        let path: String
        let permission: Permission?
        /// A second permission that opens it as well.
        var orPermission: Permission? = nil
    }

    static let sections: [Section] = [
        Section(key: "home", path: "/console", permission: nil),
        Section(key: "customers", path: "/console/customers", permission: .customersRead),
        Section(key: "insight", path: "/console/insight", permission: .analyticsView),
        Section(key: "orders", path: "/console/orders", permission: .ordersRead),
        Section(key: "tickets", path: "/console/tickets", permission: .ticketsRead),
        Section(key: "catalogue", path: "/console/catalogue", permission: .productsRead),
        Section(key: "stores", path: "/console/stores", permission: .storesRead),
        Section(key: "membership", path: "/console/membership", permission: .analyticsView),
        Section(key: "surveys", path: "/console/surveys", permission: .analyticsView),
        Section(key: "suggestions", path: "/console/suggestions", permission: .suggestionsModerate),
        Section(key: "sla", path: "/console/sla/policies", permission: .ticketsSupervise),
        Section(key: "sla_report", path: "/console/sla/report", permission: .ticketsRead, orPermission: .analyticsView),
        Section(key: "staff", path: "/console/staff", permission: .staffRead),
        Section(key: "roles", path: "/console/roles", permission: .rolesManage),
        Section(key: "api_keys", path: "/console/api-keys", permission: .apiKeysManage),
        Section(key: "audit", path: "/console/audit", permission: .auditView),
        Section(key: "jobs", path: "/console/jobs", permission: .jobsRun),
    ]

    func chrome(_ console: ConsoleRequest) -> [String: Any] {
        let catalogue = renderer.catalogue(console.language)
        let nav: [[String: Any]] = Self.sections.filter { ($0.permission.map(console.holds) ?? true) || ($0.orPermission.map(console.holds) ?? false) }.map { section in
            let active = section.path == "/console" ? console.path == "/console" || console.path == "/console/"
                : console.path.hasPrefix(section.path)
            return ["href": section.path, "label": catalogue.text("nav.\(section.key)"), "active": active]
        }
        return [
            "nav": nav,
            "csrf": console.csrf,
            "displayName": console.member.displayName,
            "username": console.member.username,
            "path": console.path,
            "otherLanguage": console.language.other.rawValue,
            "otherLanguageLabel": catalogue.text("language.\(console.language.other == .zhCN ? "zh" : "en")"),
        ]
    }
}
