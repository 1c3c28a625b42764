import Foundation

/// An interaction was logged (a visit, a call, a WeChat message, a complaint), for modules that react to
/// contact: a ticket opened from a complaint, a campaign response counted.
public struct InteractionNotice: Sendable, Equatable {
    public var interactionId: UUID
    public var customerId: Customer.ID?
    public var storeId: Store.ID?
    /// `Interaction.Channel` raw value: store, website, app, wechat, hotline, social, email, sms.
    public var channel: String
    /// `Interaction.Kind` raw value: inquiry, complaint, feedback, visit, follow_up, campaign_response.
    public var kind: String
    public var at: Date

    public init(interactionId: UUID, customerId: Customer.ID?, storeId: Store.ID?, channel: String, kind: String, at: Date) {
        self.interactionId = interactionId
        self.customerId = customerId
        self.storeId = storeId
        self.channel = channel
        self.kind = kind
        self.at = at
    }
}
