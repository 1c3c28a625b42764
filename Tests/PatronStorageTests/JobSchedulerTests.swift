import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// Acceptance 4 of issue 19: instances sharing one database run each due job exactly once.
struct JobSchedulerTests {
    actor Counter {
        private(set) var runs: [Date] = []
        func record(_ at: Date) { runs.append(at) }
    }

    struct CountingJob: Job {
        let name = "test.counting"
        let interval: TimeInterval = 60
        let counter: Counter
        func run(at now: Date) async throws -> JobReport {
            await counter.record(now)
            try await Task.sleep(for: .milliseconds(20))
            return JobReport("counted")
        }
    }

    struct FailingJob: Job {
        struct Broken: Error {}
        let name = "test.failing"
        let interval: TimeInterval = 300
        func run(at now: Date) async throws -> JobReport { throw Broken() }
    }

    static let system = Caller.system("job test")
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// A server whose preparation failed never opens its gate; cancelling the scheduler waiting there must end
    /// the wait, or the server's shutdown (and a test run) would hang.
    @Test(.timeLimit(.minutes(1))) func aSchedulerWaitingOnAClosedGateStopsWhenCancelled() async throws {
        let gate = StartupGate()
        let waiter = Task { await gate.wait() }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await waiter.value
        let opened = Task { await gate.wait() }
        await gate.open()
        await opened.value
    }

    @Test func twoInstancesOnOneDatabaseRunEachDueJobOnce() async throws {
        try await TestDatabase.with { database in
            try await Database.withOpen(database.url, logger: TestDatabase.logger) { other in
                let clock = ManualJobClock(Self.start)
                let counter = Counter()
                let first = JobService(jobs: [CountingJob(counter: counter)], repository: SQLJobRepository(database), clock: clock)
                let second = JobService(jobs: [CountingJob(counter: counter)], repository: SQLJobRepository(other), clock: clock)
                var ranOn: [String] = []
                for _ in 0..<12 {
                    async let a = first.runDue(instance: "a", by: Self.system)
                    async let b = second.runDue(instance: "b", by: Self.system)
                    let runs = try await a + b
                    #expect(runs.count == 1, "one instance runs the due job, the other finds it leased or done")
                    ranOn += runs.map(\.instance)
                    // Not due again until its interval has passed.
                    #expect(try await first.runDue(instance: "a", by: Self.system).isEmpty)
                    clock.advance(by: 60)
                }
                let runs = await counter.runs
                #expect(runs.count == 12)
                #expect(Set(runs).count == 12, "every due time ran once")
                let history = try await first.history(of: "test.counting", limit: 50, by: Self.system)
                #expect(history.count == 12)
                #expect(Set(history.map(\.instance)).isSubset(of: ["a", "b"]))
                #expect(history.allSatisfy { $0.outcome == .succeeded && $0.detail == "counted" })
            }
        }
    }

    @Test func aLeaseHeldByACrashedInstanceIsTakenOverOnlyWhenItEnds() async throws {
        try await TestDatabase.with { database in
            let clock = ManualJobClock(Self.start)
            let counter = Counter()
            let repository = SQLJobRepository(database)
            let jobs = JobService(jobs: [CountingJob(counter: counter)], repository: repository, clock: clock, lease: 600)
            #expect(try await repository.claim("test.counting", interval: 60, instance: "crashed", now: Self.start,
                                               leaseUntil: Self.start + 600, force: false))
            clock.advance(by: 120)
            #expect(try await jobs.runDue(instance: "b", by: Self.system).isEmpty, "the lease still holds")
            #expect(try await jobs.runNow("test.counting", instance: "b", by: Self.system) == nil, "not even a manual run overlaps it")
            let status = try await jobs.list(by: Self.system)
            #expect(status.first?.runningOn == "crashed")
            clock.advance(by: 500)
            let runs = try await jobs.runDue(instance: "b", by: Self.system)
            #expect(runs.map(\.instance) == ["b"])
            #expect(await counter.runs.count == 1)
        }
    }

    @Test func aFailedRunIsRecordedAndDueAgainAfterItsInterval() async throws {
        try await TestDatabase.with { database in
            let clock = ManualJobClock(Self.start)
            let jobs = JobService(jobs: [FailingJob()], repository: SQLJobRepository(database), clock: clock)
            let runs = try await jobs.runDue(instance: "a", by: Self.system)
            #expect(runs.map(\.outcome) == [.failed])
            #expect(runs.first?.detail.hasSuffix("Broken") == true, "the error's type, never its message")
            clock.advance(by: 299)
            #expect(try await jobs.runDue(instance: "a", by: Self.system).isEmpty)
            clock.advance(by: 1)
            #expect(try await jobs.runDue(instance: "a", by: Self.system).count == 1)
            let status = try await jobs.list(by: Self.system)
            #expect(status.first?.lastRun?.outcome == .failed)
            #expect(status.first?.nextRunAt == Self.start + 600)
            // A manual run is not held back by the schedule.
            #expect(try await jobs.runNow("test.failing", instance: "cli", by: Self.system)?.instance == "cli")
            await #expect(throws: PatronError.self) { try await jobs.runNow("no.such.job", instance: "cli", by: Self.system) }
        }
    }
}
