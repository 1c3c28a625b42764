import SQLKit

/// The KPI rollups. `kpi_daily` holds the summable sales figures per local day (a day number, days since
/// 1970-01-01 in the chain's zone), store, channel and currency, so a two-year series reads at most a few
/// thousand rows however many orders there are; distinct-customer counts cannot be summed across days and are
/// read from the orders through their time indexes. `kpi_first_purchase` and `kpi_cohorts` hold the cohort
/// triangle by first-purchase month (year × 12 + month − 1). The indexes let the refresh and the range reads
/// walk only the days asked for.
struct M0023_KPIDaily: Migration {
    let version = 23
    let name = "KPI daily rollup and cohorts"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE kpi_daily (
                day INTEGER NOT NULL,
                store_id UUID NOT NULL,
                channel TEXT NOT NULL,
                currency TEXT NOT NULL,
                orders BIGINT NOT NULL,
                sales BIGINT NOT NULL,
                member_orders BIGINT NOT NULL,
                member_sales BIGINT NOT NULL,
                returns BIGINT NOT NULL,
                refunds BIGINT NOT NULL,
                PRIMARY KEY (day, store_id, channel, currency)
            )
            """,
            """
            CREATE TABLE kpi_first_purchase (
                customer_id UUID PRIMARY KEY,
                first_at TIMESTAMPTZ NOT NULL,
                cohort_month INTEGER
            )
            """,
            "CREATE INDEX kpi_first_purchase_first ON kpi_first_purchase (first_at)",
            """
            CREATE TABLE kpi_cohorts (
                cohort_month INTEGER NOT NULL,
                months_since INTEGER NOT NULL,
                buyers BIGINT NOT NULL,
                PRIMARY KEY (cohort_month, months_since)
            )
            """,
            """
            CREATE TABLE kpi_refresh (
                id INTEGER PRIMARY KEY,
                time_zone TEXT NOT NULL,
                computed_at TIMESTAMPTZ NOT NULL,
                first_day INTEGER NOT NULL,
                last_day INTEGER NOT NULL
            )
            """,
            "CREATE INDEX order_returns_created ON order_returns (created_at)",
            "CREATE INDEX points_ledger_at ON points_ledger (at)",
            "CREATE INDEX tier_history_at ON tier_history (at)",
        ], on: sql)
    }
}
