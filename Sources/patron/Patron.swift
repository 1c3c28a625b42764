import ArgumentParser

/// The single `patron` executable: the server and every operator task beside it.
@main
struct Patron: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patron",
        abstract: "Patron — the retail CRM server.",
        subcommands: [ServeCommand.self, MigrateCommand.self, DemoCommand.self, StaffCommand.self, ImportCommand.self, KeysCommand.self, MembershipCommand.self, JobsCommand.self, BenchCommand.self, BackupCommand.self, RestoreCommand.self, DoctorCommand.self,
                      AnalyticsCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
