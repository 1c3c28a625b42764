import ArgumentParser

/// `patron analytics`: the insight computations an operator runs by hand (the server runs them as jobs).
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Refresh the KPIs, customer insight (RFM, lifecycle, lifetime value), personas and recommendations; evaluate them.",
        subcommands: [AnalyticsRefreshCommand.self, AnalyticsKPIsCommand.self, AnalyticsPersonasCommand.self, AnalyticsEvaluateRecsCommand.self]
    )
}
