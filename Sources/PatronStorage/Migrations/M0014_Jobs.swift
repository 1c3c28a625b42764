import SQLKit

/// The job scheduler: one row per job with its next due time and the lease of the instance running it, and
/// the history of runs.
struct M0014_Jobs: Migration {
    let version = 14
    let name = "job schedule, leases and history"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE job_schedule (
                name TEXT PRIMARY KEY,
                next_run_at TIMESTAMPTZ NOT NULL,
                lease_holder TEXT,
                lease_until TIMESTAMPTZ
            )
            """,
            """
            CREATE TABLE job_runs (
                id UUID PRIMARY KEY,
                job TEXT NOT NULL,
                instance TEXT NOT NULL,
                started_at TIMESTAMPTZ NOT NULL,
                duration_ms BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                detail TEXT NOT NULL
            )
            """,
            "CREATE INDEX job_runs_job_started ON job_runs (job, started_at)",
            "CREATE INDEX job_runs_started ON job_runs (started_at)",
        ], on: sql)
    }
}
