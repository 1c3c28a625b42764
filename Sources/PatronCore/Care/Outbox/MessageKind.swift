/// What a message is about, beyond its purpose, because some rules concern one kind only (one birthday greeting
/// a year) and the outbox reports volumes per kind.
public enum MessageKind: String, Sendable, CaseIterable, Codable {
    case birthdayGreeting = "birthday_greeting"
    case festivalGreeting = "festival_greeting"
    case campaign
    case followUp = "follow_up"
    case pointsExpiryReminder = "points_expiry_reminder"
    case tierUpgrade = "tier_upgrade"
    case winBack = "win_back"
    case invitation
    case receipt
    case ticketReply = "ticket_reply"
    case surveyInvitation = "survey_invitation"
    case couponIssued = "coupon_issued"
}
