import ArgumentParser
import Foundation
import PatronCore
import PatronStorage

/// `patron analytics personas`: rebuilds every customer's persona tags now and prints the tag counts — what
/// the `personas.refresh` job does, for a first build after an import or a change of rules.
struct AnalyticsPersonasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "personas",
        abstract: "Recompute every customer's persona tags (顾客画像) and print how many customers carry each tag.")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Only print the tag counts; do not recompute.")
    var countsOnly = false

    func run() async throws {
        let countsOnly = countsOnly
        try await common.withServices { workspace in
            let caller = Caller.system("patron analytics personas")
            let personas = workspace.services.personas
            if !countsOnly {
                let started = ContinuousClock.now
                let report = try await personas.refresh(at: Date(), by: caller)
                print("\(report.summary) in \(ContinuousClock.now - started)")
            }
            for count in try await personas.tagCounts(by: caller) {
                print("\(count.tag.text)\t\(count.customers)")
            }
        }
    }
}
