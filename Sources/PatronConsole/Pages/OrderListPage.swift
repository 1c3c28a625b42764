import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Orders newest first, narrowed by store, day range (in the chain's time zone), channel and status. The
/// service keeps a store-scoped caller to the home store; the store choice offers only that store.
extension Console {
    static let orderListPageSize = 50

    func orderList(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.ordersRead)
        let q = console.query
        var stores = await stores(console)
        if case .only(let home) = console.caller.grants.storeFilter(for: .ordersRead) { stores = stores.filter { $0.id == home } }
        let storeNames = Dictionary(stores.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var filter = OrderFilter(storeId: Self.id(q["store"]), channel: q["channel"].flatMap(SalesChannel.init(rawValue:)),
                                 status: q["status"].flatMap(OrderStatus.init(rawValue:)))
        var errors: [String: String] = [:]
        if let from = q["from"] {
            if let day = format.parseDay(from) { filter.from = day } else { errors["from"] = text("order_list.day_invalid", console) }
        }
        if let to = q["to"] {
            if let day = format.parseDay(to) { filter.to = dayAfter(day) } else { errors["to"] = text("order_list.day_invalid", console) }
        }
        if let from = filter.from, let to = filter.to, to <= from { errors["to"] = text("order_list.range_invalid", console) }
        var rows: [[String: Any]] = []
        var next: String?
        if errors.isEmpty {
            do {
                let page = try await services.orders.list(filter, page: try PageRequest(cursor: q["cursor"], limit: Self.orderListPageSize),
                                                          by: console.caller)
                let customers = await maskedNames(Set(page.items.compactMap(\.customerId)), console)
                rows = page.items.map { orderRow($0, storeNames: storeNames, customers: customers, console) }
                next = page.nextCursor.map { Self.nextPageLink("/console/orders", query: q, cursor: $0) }
            } catch PatronError.invalid(_, _) {
                errors["cursor"] = text("order_list.cursor_invalid", console)
            }
        }
        var data: [String: Any] = [
            "from": q["from"] ?? "", "to": q["to"] ?? "",
            "stores": storeOptions(stores, selected: filter.storeId), "oneStore": stores.count == 1,
            "channels": SalesChannel.allCases.map { ["value": $0.rawValue, "name": text("sales_channel.\($0.rawValue)", console),
                                                     "selected": $0 == filter.channel] },
            "statuses": OrderStatus.allCases.map { ["value": $0.rawValue, "name": text("order_status.\($0.rawValue)", console),
                                                    "selected": $0 == filter.status] },
            "errors": errors, "rows": rows, "hasRows": !rows.isEmpty, "empty": rows.isEmpty && errors.isEmpty,
        ]
        if let next { data["next"] = next }
        return page(status: errors.isEmpty ? .ok : .unprocessableContent, "orders", titleKey: "order_list.title", data: data, console)
    }

    func orderRow(_ order: Order, storeNames: [Store.ID: String], customers: [Customer.ID: String], _ console: ConsoleRequest) -> [String: Any] {
        var row: [String: Any] = [
            "id": order.id.uuidString.lowercased(), "number": order.posNumber, "time": format.time(order.occurredAt),
            "store": storeNames[order.storeId] ?? order.storeId.uuidString.lowercased(),
            "channel": text("sales_channel.\(order.channel.rawValue)", console),
            "total": ConsoleFormat.money(order.totalMinor, order.currency),
            "status": text("order_status.\(order.status.rawValue)", console), "statusClass": order.status.rawValue,
        ]
        row["customer"] = customerCell(order.customerId, customers, console)
        return row
    }

    /// The customer column: the masked name linked to the customer page for callers who may read customers,
    /// "member" for those who may not, "walk-in" when the sale named nobody.
    func customerCell(_ id: Customer.ID?, _ names: [Customer.ID: String], _ console: ConsoleRequest) -> [String: Any] {
        guard let id else { return ["label": text("order_list.walk_in", console)] }
        guard let name = names[id] else { return ["label": text("order_list.member", console)] }
        return ["label": name, "href": "/console/customers/\(id.uuidString.lowercased())"]
    }

    /// Masked names of the customers the caller may read; none without `customers.read`.
    func maskedNames(_ ids: Set<Customer.ID>, _ console: ConsoleRequest) async -> [Customer.ID: String] {
        guard console.holds(.customersRead) else { return [:] }
        var names: [Customer.ID: String] = [:]
        for id in ids {
            if let customer = try? await services.customers.find(id, by: console.caller) { names[id] = CustomerView.masked(customer).name }
        }
        return names
    }

    /// The start of the next day in the chain's time zone: a "to" day includes the whole of that day.
    func dayAfter(_ start: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.timeZone
        return calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
    }
}
