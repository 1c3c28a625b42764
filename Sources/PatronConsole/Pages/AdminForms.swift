import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// What the administration pages share: domain refusals turned into inline field errors, exact money
/// entry, the names of permissions, departments and roles in the page's language, and "next page" links.
extension Console {
    /// The field errors of a refused form: the domain names the field it refused. Anything other than an
    /// invalid or conflicting input is rethrown, so `serve` still answers 403 or 404 as it should.
    static func fieldErrors(_ error: any Error, default field: String) throws -> [String: String] {
        switch error as? PatronError {
        case .invalid(let name, let message)?, .conflict(let name, let message)?: return [name ?? field: message]
        default: throw error
        }
    }

    /// `1,299.5`, `¥1299.50` or `1299` as fen, exactly: digits are read as digits, never through a floating
    /// point number. Nil for anything else, including negative amounts and more than two decimals.
    static func minorUnits(fromYuan text: String) -> Int64? {
        var text = text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("¥") || text.hasPrefix("￥") { text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 12,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let yuan = Int64(whole) else { return nil }
        var fen: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(fraction) else { return nil }
            fen = fraction.count == 1 ? value * 10 : value
        }
        return yuan * 100 + fen
    }

    /// Fen as a form shows them for editing: `1299.50`, no symbol, no grouping.
    static func yuanText(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let fen = minor.magnitude % 100
        return "\(sign)\(minor.magnitude / 100).\(fen < 10 ? "0" : "")\(fen)"
    }

    func permissionName(_ permission: Permission, _ console: ConsoleRequest) -> String {
        text("permission.\(permission.rawValue.replacingOccurrences(of: ".", with: "_"))", console)
    }

    /// Every permission as a checkbox, those in `checked` ticked.
    func permissionChoices(_ checked: Set<Permission>, _ console: ConsoleRequest) -> [[String: Any]] {
        Permission.allCases.map { ["value": $0.rawValue, "label": permissionName($0, console), "checked": checked.contains($0)] }
    }

    func departmentName(_ department: StaffMember.Department, _ console: ConsoleRequest) -> String {
        text("department.\(department.rawValue)", console)
    }

    func departmentChoices(_ selected: StaffMember.Department?, _ console: ConsoleRequest) -> [[String: Any]] {
        StaffMember.Department.allCases.map { ["value": $0.rawValue, "label": departmentName($0, console), "selected": $0 == selected] }
    }

    func roleName(_ role: Role, _ console: ConsoleRequest) -> String {
        console.language == .zhCN ? role.nameZh : role.nameEn
    }

    func yesNo(_ value: Bool, _ console: ConsoleRequest) -> String {
        text(value ? "admin_common.yes" : "admin_common.no", console)
    }

    /// The link to the next page of the current list, keeping its filters.
    func nextPageLink(_ console: ConsoleRequest, cursor: String?) -> String? {
        guard let cursor else { return nil }
        var items = console.query.fields.filter { $0.name != "cursor" && $0.name != "done" }.map { "\($0.name)=\(Self.urlEncode($0.value))" }
        items.append("cursor=\(Self.urlEncode(cursor))")
        return console.path + "?" + items.joined(separator: "&")
    }

    static let doneNotices: Set = ["saved", "created", "deleted", "revoked", "unlocked", "deactivated"]

    /// The notice after a redirect (`?done=saved`), from a fixed list so a link cannot inject text.
    func doneNotice(_ console: ConsoleRequest) -> String? {
        guard let done = console.query["done"], Self.doneNotices.contains(done) else { return nil }
        return text("admin_common.done.\(done)", console)
    }
}
