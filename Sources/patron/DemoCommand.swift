import ArgumentParser
import Foundation
import PatronAPI
import PatronCore
import PatronStorage

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Migrate an empty database and load the demo retail chain into it (no server)."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Seed of the generator; the same seed gives the same data.")
    var seed: UInt64 = DemoDataSet.Options().seed

    @Option(help: "How many customers to create.")
    var customers: Int = 3_000

    func validate() throws {
        guard (1...200_000).contains(customers) else { throw ValidationError("--customers must be between 1 and 200000") }
    }

    func run() async throws {
        let setup = Self.setup(options: .init(seed: seed, customerCount: customers))
        try await common.withServices { workspace in
            let summary = try await DemoLoader(database: workspace.database, cipher: workspace.cipher, logger: workspace.logger)
                .load(setup.options, adminPassword: setup.adminPassword)
            try await workspace.services.refreshAnalytics(rebuild: true, by: .system("patron demo"))
            setup.onLoaded(summary)
        }
    }

    /// The demo administrator's password: `PATRON_DEMO_ADMIN_PASSWORD`, else a fresh one printed once.
    static func setup(options: DemoDataSet.Options) -> PatronConfiguration.DemoSetup {
        let given = CommonOptions.environment["PATRON_DEMO_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let password = given ?? RandomSecretIssuer.newPassword()
        return .init(options: options, adminPassword: password) { summary in
            FileHandle.standardOutput.write(Data("""
                Demo data loaded: \(summary.stores) stores, \(summary.products) products, \(summary.customers) customers, \(summary.orders) orders, \(summary.staff) staff.
                Sign in as 'admin' with \(given == nil ? "password: \(password)   (shown only now)" : "the password from PATRON_DEMO_ADMIN_PASSWORD").
                The other demo accounts (sh001.manager, sh001.sales, bj001.manager, bj001.sales, cs.agent, cs.supervisor,
                marketing, purchasing, analyst, auditor) use the same password.

                """.utf8))
        }
    }
}
