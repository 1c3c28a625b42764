import Foundation
import PatronCore
import SQLKit

/// The one aggregate that turns orders into per-customer features, run inside the database in a single pass
/// for the whole base (the refresh) or for one customer (an order event). The inner level sums each customer's
/// orders per UTC day, net of refunds (a refund counts on its order's day); the outer level folds the days per
/// customer. Live customers without
/// orders come through the outer join as prospects, and each row carries the stored stage, so a refresh can
/// tell stage changes without reading the stored rows separately.
///
/// The first purchase day's spend is found in the same pass by packing day and spend into one integer and
/// taking the minimum: `day * 10^13 + spend`. It holds while a day's net spend stays below 10^13 minor units
/// (one hundred billion in major units), far above any real customer's.
enum InsightFeatureQuery {
    static let packing: Int64 = 10_000_000_000_000

    static func query(customer: Customer.ID?, dialect: SQLDialect) -> SQLQueryString {
        let saleDay = dialect.epochDay("o.occurred_at")
        var ordersFilter = SQLQueryString("o.customer_id IS NOT NULL AND o.status <> 'cancelled'")
        var customersFilter = SQLQueryString("c.merged_into IS NULL AND c.erased_at IS NULL")
        if let customer {
            ordersFilter = SQLQueryString("o.customer_id = \(bind: customer) AND o.status <> 'cancelled'")
            customersFilter = SQLQueryString("c.id = \(bind: customer) AND c.merged_into IS NULL AND c.erased_at IS NULL")
        }
        // Sales and refunds are one stream of signed amounts: the sales read only the covering index
        // `orders_insight`, and the refunds (few) find their order by primary key.
        return """
            SELECT c.id AS customer_id, f.orders, f.net_spend, f.purchase_days, f.first_day, f.last_day, f.first_key,
                   i.stage AS previous_stage, i.stage_since_day AS previous_since
            FROM customers c
            LEFT JOIN (
                SELECT d.customer_id,
                       CAST(SUM(d.orders) AS BIGINT) AS orders,
                       CAST(SUM(d.net) AS BIGINT) AS net_spend,
                       CAST(SUM(CASE WHEN d.net > 0 THEN 1 ELSE 0 END) AS BIGINT) AS purchase_days,
                       MIN(CASE WHEN d.net > 0 THEN d.day END) AS first_day,
                       MAX(CASE WHEN d.net > 0 THEN d.day END) AS last_day,
                       MIN(CASE WHEN d.net > 0 THEN d.day * \(unsafeRaw: String(packing)) + d.net END) AS first_key
                FROM (
                    SELECT u.customer_id, u.day, CAST(SUM(u.n) AS BIGINT) AS orders, CAST(SUM(u.amount) AS BIGINT) AS net
                    FROM (
                        SELECT o.customer_id, \(unsafeRaw: saleDay) AS day, 1 AS n, o.total AS amount
                        FROM orders o WHERE \(ordersFilter)
                        UNION ALL
                        SELECT o.customer_id, \(unsafeRaw: saleDay) AS day, 0 AS n, -r.refund_total AS amount
                        FROM order_returns r JOIN orders o ON o.id = r.order_id WHERE \(ordersFilter)
                    ) u
                    GROUP BY u.customer_id, u.day
                ) d
                GROUP BY d.customer_id
            ) f ON f.customer_id = c.id
            LEFT JOIN customer_insight i ON i.customer_id = c.id
            WHERE \(customersFilter)
            """
    }

    /// A customer's features and stored stage from one row of the query.
    static func decode(_ row: any SQLRow) throws -> (features: CustomerFeatures, previous: (stage: LifecycleStage, sinceDay: Int)?) {
        let id = try row.decode(column: "customer_id", as: UUID.self)
        var features = CustomerFeatures(customerId: id)
        if let orders = try row.decode(column: "orders", as: Int?.self) {
            features.orders = orders
            features.netSpendMinor = try row.decode(column: "net_spend", as: Int64?.self) ?? 0
            features.purchaseDays = try row.decode(column: "purchase_days", as: Int?.self) ?? 0
            features.firstPurchaseDay = try row.decode(column: "first_day", as: Int?.self)
            features.lastPurchaseDay = try row.decode(column: "last_day", as: Int?.self)
            if let key = try row.decode(column: "first_key", as: Int64?.self), let first = features.firstPurchaseDay {
                features.firstDaySpendMinor = key - Int64(first) * packing
            }
        }
        let previous: (stage: LifecycleStage, sinceDay: Int)?
        if let stage = try row.decodeEnumIfPresent(column: "previous_stage", as: LifecycleStage.self) {
            previous = (stage, try row.decode(column: "previous_since", as: Int.self))
        } else {
            previous = nil
        }
        return (features, previous)
    }
}
