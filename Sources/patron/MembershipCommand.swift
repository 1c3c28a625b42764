import ArgumentParser
import Foundation
import PatronCore
import PatronStorage

struct MembershipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "membership",
        abstract: "Run the membership job, rebuild tiers and points from history, or manage the programme.",
        subcommands: [Expire.self, Rebuild.self, Programme.self]
    )

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expire",
            abstract: "Apply point expiries, tier reviews and override ends due by now (the server does this hourly).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.withServices { workspace in
                let moved = try await workspace.services.membership.applyDue(by: .system("patron membership expire"))
                print("membership events applied for \(moved) customer(s)")
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Replay every order, refund, adjustment and override and replace tiers, ledger and balances.",
            discussion: "The result equals what the live path recorded under the same programme; after a programme change it applies the new rules to all history.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.withServices { workspace in
                let started = ContinuousClock.now
                let report = try await workspace.services.membership.rebuild(by: .system("patron membership rebuild"))
                print("rebuilt \(report.customers) customer(s): \(report.entries) ledger entries, \(report.tierChanges) tier changes in \(ContinuousClock.now - started)")
            }
        }
    }

    struct Programme: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "programme",
            abstract: "Print the programme in force as JSON, or load one from a file with --load.")

        @OptionGroup var common: CommonOptions

        @Option(help: "A programme JSON file to validate and store.")
        var load: String?

        func run() async throws {
            let load = load
            try await common.withServices { workspace in
                let membership = workspace.services.membership
                let caller = Caller.system("patron membership programme")
                if let load {
                    let programme = try MembershipProgrammeFile.load(load)
                    try await membership.saveProgramme(programme, by: caller, requestId: nil)
                    print("programme stored: tiers \(programme.tiers.map(\.code).joined(separator: ", "))")
                } else {
                    print(try MembershipProgrammeFile.encode(try await membership.programme(by: caller)))
                }
            }
        }
    }
}
