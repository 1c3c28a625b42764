/// Why an insight model could not be produced. Kept apart from `PatronError` so the models stay free of HTTP
/// concerns; the service that runs them decides what each case means to a caller.
public enum InsightError: Error, Equatable, Sendable {
    /// Too few usable customers (or too little variation among them) to estimate the model's parameters.
    case notEnoughData(String)
    /// The optimiser stopped without reaching a finite optimum (non-finite likelihood, or no progress).
    case fitDidNotConverge(String)
}
