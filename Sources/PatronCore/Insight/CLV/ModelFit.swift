/// The outcome of a maximum-likelihood fit: the estimates, the log-likelihood they reach on the data (in the data's
/// own units, weeks and currency, so it compares with published figures), and what went into it.
public struct ModelFit<Parameters: Sendable & Equatable>: Sendable, Equatable {
    public var parameters: Parameters
    public var logLikelihood: Double
    /// Optimiser iterations summed over every start and restart.
    public var iterations: Int
    /// Customers the fit used (the sum of the groups' counts).
    public var customers: Int
    /// Customers left out because their summaries were invalid (or, for Gamma-Gamma, had no repeat purchase).
    public var skipped: Int
}
