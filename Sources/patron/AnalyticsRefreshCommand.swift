import ArgumentParser
import Foundation
import PatronCore
import PatronStorage
import Synchronization

/// `patron analytics refresh`: the nightly analytics jobs on demand — the KPI rollup, the customer insight
/// (with a progress bar), with `--rebuild` the persona tags, and alongside them the recommendation model —
/// then the time each took, the whole refresh's time and the process's peak memory, the figures an operator
/// sizes the machine by.
struct AnalyticsRefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Recompute the KPIs, every customer's scores (RFM, lifecycle, lifetime value) and the recommendation model; with --rebuild also the persona tags, all from the order history.",
        discussion: """
            Without --rebuild this is what the nightly jobs do: the KPI days since the last refresh, every customer rescored from \
            the features that orders keep current (customers never scored are aggregated from their orders), the models \
            refitted, the recommendation model rebuilt. Each part runs in its own transaction; orders recorded meanwhile wait \
            for it. With --keep-models the stored model parameters are reused and only the scores are recomputed.
            """)

    @OptionGroup var common: CommonOptions

    @Flag(help: "Reuse the stored model parameters instead of fitting them anew.")
    var keepModels = false

    @Flag(help: "Recompute everything from the order history: every KPI day, every customer's features, the persona tags. After a bulk load or a change of rules.")
    var rebuild = false

    func run() async throws {
        let (refit, rebuild) = (!keepModels, rebuild)
        let lines = try await common.withServices { workspace in
            let services = workspace.services
            let caller = Caller.system("patron analytics refresh")
            let now = Date()
            var lines: [String] = []
            let started = ContinuousClock.now
            func lap(_ name: String, _ summary: String, _ took: Duration) {
                lines.append(String(format: "%@: %@ in %.1f s", name, summary, seconds(took)))
                FileHandle.standardError.write(Data((lines[lines.count - 1] + "\n").utf8))
            }
            let bar = Mutex<ProgressBar?>(nil)
            try await services.refreshAnalytics(at: now, refitModels: refit, rebuild: rebuild, by: caller, progress: { progress in
                bar.withLock { bar in
                    switch progress.phase {
                    case .aggregating:
                        FileHandle.standardError.write(Data("aggregating orders per customer…\n".utf8))
                    case .fitting:
                        FileHandle.standardError.write(Data("fitting on \(progress.total) customers…\n".utf8))
                    case .writing:
                        if bar == nil { bar = ProgressBar(total: progress.total, label: "customers") }
                        bar?.update(done: progress.done)
                        if progress.done >= progress.total { bar?.finish() }
                    }
                }
            }, step: lap)
            lines.append(String(format: "refresh: %.1f s in all", seconds(ContinuousClock.now - started)))
            return lines
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(lines.joined(separator: "\n"))
        print(String(format: "peak memory %.0f MB", Double(usage.ru_maxrss) / 1_024))
    }
}
