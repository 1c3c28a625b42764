import Foundation

/// How often messages of one purpose may reach a customer. "No cap" is a case of its own rather than a large
/// number or a missing value, so that lifting the cap is a deliberate choice someone can see in the settings.
public enum FrequencyCap: Equatable, Sendable, Codable {
    case noCap
    /// At most `count` messages in any rolling `perDays` days; a count of 0 means none are sent at all, which is
    /// how a chain pauses a purpose without touching consent.
    case atMost(Int, perDays: Int)

    public static let countRange = 0...100
    public static let daysRange = 1...90

    public func validate(field: String) throws(PatronError) {
        guard case .atMost(let count, let days) = self else { return }
        guard Self.countRange.contains(count) else {
            throw .invalid(field: field, message: "a frequency cap allows 0 to 100 messages")
        }
        guard Self.daysRange.contains(days) else {
            throw .invalid(field: field, message: "a frequency cap counts over 1 to 90 days")
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, count, perDays }
    private enum Kind: String, Codable { case noCap = "no_cap", atMost = "at_most" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .noCap: self = .noCap
        case .atMost: self = .atMost(try container.decode(Int.self, forKey: .count), perDays: try container.decode(Int.self, forKey: .perDays))
        }
        do {
            try validate(field: decoder.codingPath.map(\.stringValue).joined(separator: "."))
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .noCap:
            try container.encode(Kind.noCap, forKey: .kind)
        case .atMost(let count, let days):
            try container.encode(Kind.atMost, forKey: .kind)
            try container.encode(count, forKey: .count)
            try container.encode(days, forKey: .perDays)
        }
    }
}

/// The chain's rules for when a message may reach a customer, on top of consent. The defaults follow common
/// practice for retail messaging in China and the EU: nothing promotional at night, at most two marketing
/// messages a week, and a withdrawal honoured even for receipts. Every value is checked on creation (and on
/// decoding), so a rule set in force is always one the suppression policy can apply.
public struct ContactRules: Equatable, Sendable, Codable {
    /// Minute of the day (0…1439, local to the customer) when quiet hours begin; 21:00 by default.
    public let quietHoursStart: Int
    /// Minute of the day when quiet hours end; 09:00 by default. A start after the end crosses midnight; a start
    /// equal to the end means there are no quiet hours.
    public let quietHoursEnd: Int
    /// Two a week by default, because more is what customers report as spam.
    public let marketingCap: FrequencyCap
    /// Uncapped by default: service messages follow the customer's own activity, so their volume is bounded by it.
    public let serviceCap: FrequencyCap
    /// True by default, because data-protection law (PIPL, GDPR) lets a person refuse any processing of their
    /// contact details; a chain whose counsel reads receipts as required by law may turn it off.
    public let transactionalHonoursWithdrawal: Bool
    /// Marketing and service by default: a receipt or a ticket reply answers something the customer just did,
    /// and holding it until morning would only confuse them.
    public let quietHoursApplyTo: Set<MessagePurpose>

    public static let minutesOfDay = 0...1439

    public static let defaults = ContactRules(unchecked: ())

    public init(quietHoursStart: Int = 21 * 60, quietHoursEnd: Int = 9 * 60,
                marketingCap: FrequencyCap = .atMost(2, perDays: 7), serviceCap: FrequencyCap = .noCap,
                transactionalHonoursWithdrawal: Bool = true,
                quietHoursApplyTo: Set<MessagePurpose> = [.marketing, .service]) throws(PatronError) {
        guard Self.minutesOfDay.contains(quietHoursStart) else {
            throw .invalid(field: "quietHoursStart", message: "quiet hours start at a minute of the day, 0 to 1439")
        }
        guard Self.minutesOfDay.contains(quietHoursEnd) else {
            throw .invalid(field: "quietHoursEnd", message: "quiet hours end at a minute of the day, 0 to 1439")
        }
        try marketingCap.validate(field: "marketingCap")
        try serviceCap.validate(field: "serviceCap")
        self.quietHoursStart = quietHoursStart
        self.quietHoursEnd = quietHoursEnd
        self.marketingCap = marketingCap
        self.serviceCap = serviceCap
        self.transactionalHonoursWithdrawal = transactionalHonoursWithdrawal
        self.quietHoursApplyTo = quietHoursApplyTo
    }

    private init(unchecked: Void) {
        quietHoursStart = 21 * 60
        quietHoursEnd = 9 * 60
        marketingCap = .atMost(2, perDays: 7)
        serviceCap = .noCap
        transactionalHonoursWithdrawal = true
        quietHoursApplyTo = [.marketing, .service]
    }

    /// The cap for a purpose; transactional messages are never capped, whatever the settings.
    public func cap(for purpose: MessagePurpose) -> FrequencyCap {
        switch purpose {
        case .marketing: marketingCap
        case .service: serviceCap
        case .transactional: .noCap
        }
    }

    private enum CodingKeys: String, CodingKey {
        case quietHoursStart, quietHoursEnd, marketingCap, serviceCap, transactionalHonoursWithdrawal, quietHoursApplyTo
    }

    /// A missing key takes its default, so a chain's settings file names only what it changes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self.defaults
        do {
            try self.init(
                quietHoursStart: try container.decodeIfPresent(Int.self, forKey: .quietHoursStart) ?? defaults.quietHoursStart,
                quietHoursEnd: try container.decodeIfPresent(Int.self, forKey: .quietHoursEnd) ?? defaults.quietHoursEnd,
                marketingCap: try container.decodeIfPresent(FrequencyCap.self, forKey: .marketingCap) ?? defaults.marketingCap,
                serviceCap: try container.decodeIfPresent(FrequencyCap.self, forKey: .serviceCap) ?? defaults.serviceCap,
                transactionalHonoursWithdrawal: try container.decodeIfPresent(Bool.self, forKey: .transactionalHonoursWithdrawal)
                    ?? defaults.transactionalHonoursWithdrawal,
                quietHoursApplyTo: try container.decodeIfPresent(Set<MessagePurpose>.self, forKey: .quietHoursApplyTo)
                    ?? defaults.quietHoursApplyTo)
        } catch let error as PatronError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(quietHoursStart, forKey: .quietHoursStart)
        try container.encode(quietHoursEnd, forKey: .quietHoursEnd)
        try container.encode(marketingCap, forKey: .marketingCap)
        try container.encode(serviceCap, forKey: .serviceCap)
        try container.encode(transactionalHonoursWithdrawal, forKey: .transactionalHonoursWithdrawal)
        try container.encode(quietHoursApplyTo.sorted { $0.rawValue < $1.rawValue }, forKey: .quietHoursApplyTo)
    }
}
