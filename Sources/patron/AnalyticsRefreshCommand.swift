import ArgumentParser
import Foundation
import PatronCore
import PatronStorage
import Synchronization

/// `patron analytics refresh`: the nightly `insight.refresh` job on demand, with a progress bar.
struct AnalyticsRefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Recompute every customer's features, RFM segment, lifecycle stage and lifetime value, refitting the models.",
        discussion: "Runs in one transaction; orders recorded meanwhile wait for it. With --keep-models the stored model parameters are reused and only the scores are recomputed.")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Reuse the stored model parameters instead of fitting them anew.")
    var keepModels = false

    func run() async throws {
        let refit = !keepModels
        let report = try await common.withServices { workspace in
            let started = ContinuousClock.now
            let bar = Mutex<ProgressBar?>(nil)
            let report = try await workspace.services.insight.refresh(refit: refit, by: .system("patron analytics refresh")) { progress in
                bar.withLock { bar in
                    switch progress.phase {
                    case .aggregating:
                        FileHandle.standardError.write(Data("aggregating orders per customer…\n".utf8))
                    case .fitting:
                        FileHandle.standardError.write(Data("fitting on \(progress.total) customers…\n".utf8))
                    case .writing:
                        if bar == nil { bar = ProgressBar(total: progress.total, label: "customers") }
                        bar?.update(done: progress.done)
                    }
                }
            }
            bar.withLock { $0?.finish() }
            return (report, seconds(ContinuousClock.now - started))
        }
        print(String(format: "%@ in %.1fs (model %@)", report.0.summary, report.1, report.0.modelVersion))
    }
}
