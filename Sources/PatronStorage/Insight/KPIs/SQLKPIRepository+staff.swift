import Foundation
import PatronCore
import SQLKit

extension SQLKPIRepository {
    /// Four grouped range reads (sales, refunds, resolved tickets, SLA outcomes) folded per staff member, then
    /// their display names; one row per staff member, so memory follows the staff, not the orders.
    public func staffFigures(from: Date, to: Date, stores: Grants.StoreFilter) async throws -> [StaffFigures] {
        if case .none = stores { return [] }
        return try await database.read { sql in
            var figures: [UUID: StaffFigures] = [:]
            func update(_ id: UUID, _ change: (inout StaffFigures) throws -> Void) rethrows {
                var figure = figures[id] ?? StaffFigures(staffId: id, displayName: "")
                try change(&figure)
                figures[id] = figure
            }
            let sales: SQLQueryString = """
                SELECT sales_staff_id AS staff, COUNT(*) AS n, CAST(COALESCE(SUM(total), 0) AS BIGINT) AS total FROM orders
                WHERE occurred_at >= \(bind: from) AND occurred_at < \(bind: to) AND status <> \(bind: OrderStatus.cancelled.rawValue)
                  AND sales_staff_id IS NOT NULL
                """ + Self.filter(store: "store_id", stores) + " GROUP BY sales_staff_id"
            for row in try await sql.raw(sales).all() {
                try update(try row.decode(column: "staff", as: UUID.self)) { figure in
                    figure.orders = try row.decode(column: "n", as: Int64.self)
                    figure.salesMinor = try row.decode(column: "total", as: Int64.self)
                }
            }
            let refunds: SQLQueryString = """
                SELECT orders.sales_staff_id AS staff, CAST(COALESCE(SUM(order_returns.refund_total), 0) AS BIGINT) AS total
                FROM order_returns JOIN orders ON orders.id = order_returns.order_id
                WHERE order_returns.created_at >= \(bind: from) AND order_returns.created_at < \(bind: to) AND orders.sales_staff_id IS NOT NULL
                """ + Self.filter(store: "orders.store_id", stores) + " GROUP BY orders.sales_staff_id"
            for row in try await sql.raw(refunds).all() {
                try update(try row.decode(column: "staff", as: UUID.self)) { $0.refundsMinor = try row.decode(column: "total", as: Int64.self) }
            }
            let resolved: SQLQueryString = """
                SELECT assignee_id AS staff, COUNT(*) AS n FROM tickets
                WHERE resolved_at >= \(bind: from) AND resolved_at < \(bind: to) AND assignee_id IS NOT NULL
                """ + Self.filter(store: "store_id", stores) + " GROUP BY assignee_id"
            for row in try await sql.raw(resolved).all() {
                try update(try row.decode(column: "staff", as: UUID.self)) { $0.ticketsResolved = try row.decode(column: "n", as: Int64.self) }
            }
            // The SLA report's rule: an outcome is known once breached or resolved within target.
            let outcomes: SQLQueryString = """
                SELECT tickets.assignee_id AS staff,
                       CAST(SUM(CASE WHEN ticket_sla.breached_at IS NOT NULL OR ticket_sla.resolution_status = \(bind: SLATarget.Status.met.rawValue)
                                     THEN 1 ELSE 0 END) AS BIGINT) AS decided,
                       CAST(SUM(CASE WHEN ticket_sla.breached_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS breached
                FROM ticket_sla JOIN tickets ON tickets.id = ticket_sla.ticket_id
                WHERE ticket_sla.opened_at >= \(bind: from) AND ticket_sla.opened_at < \(bind: to) AND ticket_sla.policy_id IS NOT NULL
                  AND tickets.assignee_id IS NOT NULL
                """ + Self.filter(store: "tickets.store_id", stores) + " GROUP BY tickets.assignee_id"
            for row in try await sql.raw(outcomes).all() {
                try update(try row.decode(column: "staff", as: UUID.self)) { figure in
                    figure.slaDecided = try row.decode(column: "decided", as: Int64.self)
                    figure.slaBreached = try row.decode(column: "breached", as: Int64.self)
                }
            }
            let ids = Array(figures.keys)
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                for row in try await sql.select().columns("id", "display_name").from("staff").where("id", .in, Array(chunk)).all() {
                    try update(try row.decode(column: "id", as: UUID.self)) { $0.displayName = try row.decode(column: "display_name", as: String.self) }
                }
            }
            return Array(figures.values)
        }
    }
}
