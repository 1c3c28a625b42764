import Foundation
import PatronCore
import SQLKit

/// Leases as one conditional `UPDATE … RETURNING`: of two instances claiming the same due job, exactly one
/// row comes back. A lease that outlived its holder (a crashed instance) may be taken over once it ends.
public struct SQLJobRepository: JobRepository {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func claim(_ job: String, interval: TimeInterval, instance: String, now: Date, leaseUntil: Date, force: Bool) async throws -> Bool {
        try await database.transaction { sql in
            try await sql.insert(into: "job_schedule").columns("name", "next_run_at").values(SQLBind(job), SQLBind(now))
                .ignoringConflicts(with: ["name"]).run()
            var update = sql.update("job_schedule").set("lease_holder", to: instance).set("lease_until", to: leaseUntil)
                .where("name", .equal, job)
                .where { $0.where("lease_until", .is, SQLLiteral.null).orWhere("lease_until", .lessThanOrEqual, now) }
            if !force { update = update.where("next_run_at", .lessThanOrEqual, now) }
            return try await update.returning("name").first() != nil
        }
    }

    public func finish(_ run: JobRun, nextRunAt: Date) async throws {
        try await database.transaction { sql in
            try await sql.update("job_schedule").set("lease_holder", to: SQLLiteral.null).set("lease_until", to: SQLLiteral.null)
                .set("next_run_at", to: nextRunAt).where("name", .equal, run.job).where("lease_holder", .equal, run.instance).run()
            try await sql.insert(into: "job_runs")
                .columns("id", "job", "instance", "started_at", "duration_ms", "outcome", "detail")
                .values(SQLBind(run.id), SQLBind(run.job), SQLBind(run.instance), SQLBind(run.startedAt), SQLBind(run.durationMilliseconds),
                        SQLBind(run.outcome.rawValue), SQLBind(String(run.detail.prefix(500))))
                .run()
        }
    }

    public func statuses(_ jobs: [(name: String, interval: TimeInterval)]) async throws -> [JobStatus] {
        try await database.read { sql in
            let rows = try await sql.select().column("*").from("job_schedule").all()
            var schedule: [String: (next: Date, holder: String?)] = [:]
            for row in rows {
                schedule[try row.decode(column: "name", as: String.self)] = (try row.decode(column: "next_run_at", as: Date.self),
                                                                             try row.decode(column: "lease_holder", as: String?.self))
            }
            var result: [JobStatus] = []
            for job in jobs {
                let last = try await sql.select().column("*").from("job_runs").where("job", .equal, job.name)
                    .orderBy("started_at", .descending).limit(1).first().map(Self.decode)
                result.append(JobStatus(name: job.name, interval: job.interval, nextRunAt: schedule[job.name]?.next,
                                        runningOn: schedule[job.name]?.holder, lastRun: last))
            }
            return result
        }
    }

    public func history(_ job: String?, limit: Int) async throws -> [JobRun] {
        try await database.read { sql in
            var select = sql.select().column("*").from("job_runs")
            if let job { select = select.where("job", .equal, job) }
            return try await select.orderBy("started_at", .descending).orderBy("id", .descending).limit(limit).all().map(Self.decode)
        }
    }

    static func decode(_ row: any SQLRow) throws -> JobRun {
        JobRun(id: try row.decode(column: "id", as: UUID.self), job: try row.decode(column: "job", as: String.self),
               instance: try row.decode(column: "instance", as: String.self), startedAt: try row.decode(column: "started_at", as: Date.self),
               durationMilliseconds: try row.decode(column: "duration_ms", as: Int64.self),
               outcome: try row.decodeEnum(column: "outcome"), detail: try row.decode(column: "detail", as: String.self))
    }
}
