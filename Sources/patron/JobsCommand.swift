import ArgumentParser
import Foundation
import PatronCore
import PatronStorage

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List the background jobs with their next and last runs, or run one now.",
        subcommands: [List.self, Run.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every job, when it is due, and its last run.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.withServices { workspace in
                let caller = Caller.system("patron jobs list")
                let formatter = ISO8601DateFormatter()
                print("job".padding(toLength: 28, withPad: " ", startingAt: 0), "every", "next run".padding(toLength: 21, withPad: " ", startingAt: 0), "last run")
                for job in try await workspace.services.jobs.list(by: caller) {
                    let next = job.runningOn.map { "running on \($0)" } ?? job.nextRunAt.map(formatter.string) ?? "at first tick"
                    let last = job.lastRun.map { "\(formatter.string(from: $0.startedAt)) \($0.outcome.rawValue) in \($0.durationMilliseconds) ms: \($0.detail)" } ?? "never"
                    print(job.name.padding(toLength: 28, withPad: " ", startingAt: 0), "\(Int(job.interval))s".padding(toLength: 5, withPad: " ", startingAt: 0),
                          next.padding(toLength: 21, withPad: " ", startingAt: 0), last)
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run one job now, whether due or not, under the same lease the servers' schedulers take.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The job's name, as `patron jobs list` shows it.")
        var name: String

        func run() async throws {
            let name = name
            try await common.withServices { workspace in
                let jobs = workspace.services.jobs
                guard jobs.names.contains(name) else {
                    throw ValidationError("no job is named '\(name)'; the jobs are: \(jobs.names.joined(separator: ", "))")
                }
                guard let run = try await jobs.runNow(name, instance: "cli", by: .system("patron jobs run")) else {
                    throw ValidationError("'\(name)' is running on another instance right now; try again when it finishes")
                }
                print("\(run.job) \(run.outcome.rawValue) in \(run.durationMilliseconds) ms: \(run.detail)")
                if run.outcome == .failed { throw ExitCode.failure }
            }
        }
    }
}
