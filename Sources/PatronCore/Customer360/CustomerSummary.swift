import Foundation

/// Everything a counter or a service agent needs about a customer on one screen: the masked profile (personal
/// fields in clear only through an audited reveal), tier and progress, points, the last orders, what is open
/// with customer service, the last contacts and the consents in force.
public struct CustomerSummary: Sendable {
    public static let recentCount = 5

    public var profile: CustomerView
    public var membership: MembershipSummary
    /// Newest first, at most `recentCount`, of the stores the caller sees.
    public var recentOrders: [Order]
    /// Newest first, at most `recentCount`.
    public var openTickets: [TimelineEntry]
    /// Newest first, at most `recentCount`.
    public var recentInteractions: [TimelineEntry]
    public var consents: CustomerConsents

    public init(profile: CustomerView, membership: MembershipSummary, recentOrders: [Order], openTickets: [TimelineEntry],
                recentInteractions: [TimelineEntry], consents: CustomerConsents) {
        self.profile = profile
        self.membership = membership
        self.recentOrders = recentOrders
        self.openTickets = openTickets
        self.recentInteractions = recentInteractions
        self.consents = consents
    }
}
