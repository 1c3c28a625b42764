import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Names instead of ids: pages show "上海南京西路店", not a UUID. Loaded per request through the services, so a
/// caller who may not list stores simply sees codes they may see.
extension Console {
    /// At most this many stores are named; a chain with more still works, later ones show their id.
    static let storeLookupLimit = 2_000

    func stores(_ console: ConsoleRequest) async -> [Store] {
        var stores: [Store] = []
        var cursor: String?
        repeat {
            guard let request = try? PageRequest(cursor: cursor, limit: PageRequest.maxLimit),
                  let page = try? await services.stores.list(request, by: console.caller) else { break }
            stores += page.items
            cursor = page.nextCursor
        } while cursor != nil && stores.count < Self.storeLookupLimit
        return stores
    }

    func storeNames(_ console: ConsoleRequest) async -> [Store.ID: String] {
        Dictionary(await stores(console).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Store choices for a filter or form, the selected one marked.
    func storeOptions(_ stores: [Store], selected: Store.ID?) -> [[String: Any]] {
        stores.map { ["id": $0.id.uuidString.lowercased(), "name": $0.name, "selected": $0.id == selected] }
    }

    /// A path or form id: exactly a UUID, else nil (the page answers 404 or an inline error).
    static func id(_ text: String?) -> UUID? {
        guard let text, text.utf8.count == 36 else { return nil }
        return UUID(uuidString: text)
    }

    func tierName(_ code: String, _ programme: MembershipProgramme?, _ console: ConsoleRequest) -> String {
        guard let tier = programme?.tiers.first(where: { $0.code == code }) else { return code }
        return console.language == .zhCN ? tier.nameZh : tier.nameEn
    }
}
