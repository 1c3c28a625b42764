import ArgumentParser
import Foundation
import PatronCore
import PatronStorage

/// `patron analytics kpis`: refreshes the KPI rollup and cohorts (what the analytics refresh job runs).
struct AnalyticsKPIsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpis",
        abstract: "Refresh the KPI daily rollup (recent days, or everything with --full) and rebuild the cohort triangle.",
        discussion: "Without --full the days from three before the last refreshed day through today are recomputed; a full run also picks up orders imported long after they happened.")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Recompute every day from the first order.")
    var full = false

    func run() async throws {
        let full = full
        try await common.withServices { workspace in
            let started = ContinuousClock.now
            let run = try await workspace.services.kpis.refresh(full: full, by: .system("patron analytics kpis"))
            print("KPIs: \(run.summary) in \(ContinuousClock.now - started)")
        }
    }
}
