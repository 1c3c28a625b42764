import Foundation

/// A customer's lifecycle stage changed (a refresh, or an order or refund that moved it), for modules that
/// react to it: care following up an at-risk customer, a welcome-back on reactivation.
public struct LifecycleStageNotice: Sendable, Equatable {
    public var customerId: Customer.ID
    /// `LifecycleStage` raw values: prospect, new, active, at_risk, churned, reactivated.
    public var previousStage: String
    public var stage: String
    public var at: Date

    public init(customerId: Customer.ID, previousStage: String, stage: String, at: Date) {
        self.customerId = customerId
        self.previousStage = previousStage
        self.stage = stage
        self.at = at
    }
}
