import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Step two of a merge: both profiles masked side by side and what the survivor takes over, read through
/// the services, then the confirmation. Nothing is written until the confirmed POST.
extension Console {
    func mergePreview(_ console: ConsoleRequest, survivor: Customer, duplicate rawDuplicate: String,
                      confirmError: String? = nil) async throws -> Response {
        guard let duplicateId = Self.id(rawDuplicate) else {
            return try await mergeFinder(console, survivor: survivor, idError: text("customer_merge.errors.id", console))
        }
        guard duplicateId != survivor.id else {
            return try await mergeFinder(console, survivor: survivor, idError: text("customer_merge.errors.itself", console))
        }
        let duplicate: Customer
        do {
            duplicate = try await services.customers.find(duplicateId, by: console.caller)
        } catch let error as PatronError {
            guard let message = mergeRefusal(error, console) else { throw error }
            return try await mergeFinder(console, survivor: survivor, idError: message)
        }
        let names = await storeNames(console)
        var data: [String: Any] = [
            "id": survivor.id.uuidString.lowercased(), "duplicateId": duplicate.id.uuidString.lowercased(),
            "survivor": profile(.masked(survivor), customer: survivor, storeNames: names, console),
            "duplicate": profile(.masked(duplicate), customer: duplicate, storeNames: names, console),
            "moves": try await mergeMoves(from: duplicate, into: survivor, console),
        ]
        if let confirmError { data["confirmError"] = confirmError }
        return page(status: confirmError == nil ? .ok : .unprocessableContent, "customer-merge-preview", titleKey: "customer_merge.preview_title",
                    titleValues: ["name": CustomerView.masked(survivor).name], data: data, console)
    }

    /// What the survivor takes over: orders (and with them the points they earned), consent records, tags,
    /// and the personal fields it lacks.
    func mergeMoves(from duplicate: Customer, into survivor: Customer, _ console: ConsoleRequest) async throws -> [[String: Any]] {
        var moves: [(key: String, value: String)] = []
        if console.holds(.ordersRead) {
            let count = ConsoleFormat.number(try await orderCount(of: duplicate.id, console))
            let scoped = console.caller.grants.storeFilter(for: .ordersRead) != .all
            moves.append(("orders", scoped ? text("customer_merge.orders_in_store", console, ["count": count]) : count))
        }
        let summary = try await services.membership.summary(of: duplicate.id, by: console.caller)
        moves.append(("points", ConsoleFormat.number(summary.points.balance)))
        let consents = try await services.customers.consents(duplicate.id, by: console.caller)
        let latest = consents.current
        moves.append(("consents", latest.isEmpty ? text("customer_merge.none", console) : latest.map {
            "\(text("consent_channel.\($0.channel.rawValue)", console)) \(text($0.granted ? "consent.granted" : "consent.withdrawn", console))"
        }.joined(separator: ", ")))
        let newTags = duplicate.tags.filter { !survivor.tags.contains($0) }
        moves.append(("tags", newTags.isEmpty ? text("customer_merge.none", console) : newTags.joined(separator: ", ")))
        let filled: [(String, Bool)] = [
            ("mobile", survivor.mobile == nil && duplicate.mobile != nil), ("email", survivor.email == nil && duplicate.email != nil),
            ("birthday", survivor.birthday == nil && duplicate.birthday != nil),
            ("address", survivor.address == nil && duplicate.address != nil),
            ("store", survivor.preferredStoreId == nil && duplicate.preferredStoreId != nil),
            ("wechat", survivor.wechatUnionId == nil && duplicate.wechatUnionId != nil),
            ("pos_member", survivor.posMemberNumber == nil && duplicate.posMemberNumber != nil),
            ("notes", duplicate.notes != nil),
        ]
        let fields = filled.filter(\.1).map { text("customer.field.\($0.0)", console) }
        moves.append(("fields", fields.isEmpty ? text("customer_merge.none", console) : fields.joined(separator: ", ")))
        return moves.map { ["label": text("customer_merge.moves.\($0.key)", console), "value": $0.value, "key": $0.key] }
    }

    /// All of a customer's orders the caller may read, counted page by page.
    func orderCount(of id: Customer.ID, _ console: ConsoleRequest) async throws -> Int {
        var count = 0
        var cursor: String?
        repeat {
            let page = try await services.orders.list(OrderFilter(customerId: id), page: try PageRequest(cursor: cursor, limit: PageRequest.maxLimit),
                                                      by: console.caller)
            count += page.items.count
            cursor = page.nextCursor
        } while cursor != nil
        return count
    }
}
