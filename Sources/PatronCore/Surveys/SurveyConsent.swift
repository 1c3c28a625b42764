import Foundation

/// Whether a survey invitation may go to a customer on a channel, and to which address.
///
/// Patron's consents are per channel, without a service/marketing split. A survey invitation is not needed
/// to deliver what the customer bought or asked for (unlike a reply to their own ticket, which answers
/// them), so it is treated as a marketing-type contact: it needs an explicit, current grant for the channel.
/// No record, or a withdrawal, suppresses it. The app channel has no consent record in Patron yet, so app
/// invitations are suppressed until one exists.
public enum SurveyConsent {
    public static func consentChannel(for channel: OutboundMessage.Channel) -> ConsentRecord.Channel? {
        switch channel {
        case .sms: .sms
        case .email: .email
        case .wechat: .wechat
        case .app: nil
        }
    }

    public static func allows(_ channel: OutboundMessage.Channel, _ consents: CustomerConsents) -> Bool {
        guard let consentChannel = consentChannel(for: channel) else { return false }
        return consents.current(for: consentChannel)?.granted == true
    }

    /// The customer's address on the channel, if they have one.
    public static func recipient(of customer: Customer, on channel: OutboundMessage.Channel) -> String? {
        switch channel {
        case .sms: customer.mobile?.e164
        case .email: customer.email?.value
        case .wechat: customer.wechatOpenId
        case .app: nil
        }
    }
}
