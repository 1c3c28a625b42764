import Foundation

/// Why a message was not sent now; the raw value is stored on the outbox row and shown to staff.
public enum SuppressionReason: String, Sendable, CaseIterable, Codable {
    case customerErased = "customer_erased"
    case customerMerged = "customer_merged"
    case noAddress = "no_address"
    case noConsent = "no_consent"
    case consentWithdrawn = "consent_withdrawn"
    case quietHours = "quiet_hours"
    case frequencyCap = "frequency_cap"
    case capZero = "cap_zero"
    case birthdayAlreadyGreeted = "birthday_already_greeted"
}

/// The outcome for one candidate. A hold is a "not yet": the outbox keeps the message queued and asks again at
/// `until`, when another rule may still hold it (a cap may lapse in the middle of the night). A suppression is
/// final for this message.
public enum SuppressionDecision: Equatable, Sendable {
    case send
    case hold(until: Date, reason: SuppressionReason)
    case suppress(SuppressionReason)
}
