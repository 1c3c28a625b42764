import ArgumentParser

/// `patron analytics`: the insight computations an operator runs by hand (the server runs them as jobs).
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Refresh customer insight (RFM, lifecycle, lifetime value) and evaluate the analytics.",
        subcommands: [AnalyticsRefreshCommand.self]
    )
}
