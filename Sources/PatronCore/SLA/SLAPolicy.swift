import Foundation

/// A ticket priority as the SLA module knows it. Raw values match the ticket module's `TicketPriority`, whose
/// notices carry them as strings, so this module needs no ticket types.
public enum SLAPriority: String, CaseIterable, Codable, Sendable, Comparable {
    case low, normal, high, urgent

    private var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .urgent: 3
        }
    }

    public static func < (lhs: SLAPriority, rhs: SLAPriority) -> Bool { lhs.rank < rhs.rank }
}

/// Response and resolution targets for tickets of one priority, on one channel or on any. The most specific
/// policy wins: one for the ticket's channel before one for any channel. Targets count business minutes of
/// the calendar `calendarCode`, or when nil of the ticket's store calendar if the store has one, else the
/// service centre's.
public struct SLAPolicy: Codable, Sendable, Equatable, Identifiable {
    public typealias ID = UUID
    /// The contact channels (interaction channels) a policy may name.
    public static let channels = ["store", "website", "app", "wechat", "hotline", "social", "email", "sms"]
    /// One minute to one year.
    public static let minutesRange = 1...525_600

    public var id: ID
    public var name: String
    /// nil: any channel.
    public var channel: String?
    public var priority: SLAPriority
    public var firstResponseMinutes: Int
    /// Between a customer's message and our next reply.
    public var nextResponseMinutes: Int
    public var resolutionMinutes: Int
    public var calendarCode: String?

    public init(id: ID = UUID(), name: String, channel: String?, priority: SLAPriority, firstResponseMinutes: Int,
                nextResponseMinutes: Int, resolutionMinutes: Int, calendarCode: String? = nil) {
        self.id = id
        self.name = name
        self.channel = channel
        self.priority = priority
        self.firstResponseMinutes = firstResponseMinutes
        self.nextResponseMinutes = nextResponseMinutes
        self.resolutionMinutes = resolutionMinutes
        self.calendarCode = calendarCode
    }

    public func validate() throws(PatronError) {
        try Validate.text(name, field: "name", maxLength: 100)
        if let channel, !Self.channels.contains(channel) {
            throw .invalid(field: "channel", message: "the channel must be one of \(Self.channels.joined(separator: ", ")) or absent for any")
        }
        for (field, minutes) in [("firstResponseMinutes", firstResponseMinutes), ("nextResponseMinutes", nextResponseMinutes),
                                 ("resolutionMinutes", resolutionMinutes)] where !Self.minutesRange.contains(minutes) {
            throw .invalid(field: field, message: "\(field) must be 1…525600 (one year)")
        }
        if let calendarCode { try BusinessCalendar.validateCode(calendarCode, field: "calendarCode") }
    }

    public func minutes(for target: SLATargetKind) -> Int {
        switch target {
        case .firstResponse: firstResponseMinutes
        case .nextResponse: nextResponseMinutes
        case .resolution: resolutionMinutes
        }
    }

    /// The policy for a ticket: its priority, its channel before any channel; nil when none fits.
    public static func pick(from policies: [SLAPolicy], channel: String, priority: SLAPriority) -> SLAPolicy? {
        let fitting = policies.filter { $0.priority == priority && ($0.channel == nil || $0.channel == channel) }
        return fitting.first { $0.channel == channel } ?? fitting.first
    }
}

/// What a ticket is measured by: its policy and the calendar the policy counts in.
public struct SLATerms: Sendable, Equatable {
    public var policy: SLAPolicy
    public var calendar: BusinessCalendar

    public init(policy: SLAPolicy, calendar: BusinessCalendar) {
        self.policy = policy
        self.calendar = calendar
    }
}

/// The ticket module's answer to a breach: raise the priority, move the ticket to the supervisor's queue and
/// record it on the ticket. The SLA breach job calls it once per breached target.
public protocol TicketEscalator: Sendable {
    func escalate(ticket: UUID, target: SLATargetKind, at: Date) async throws
}
