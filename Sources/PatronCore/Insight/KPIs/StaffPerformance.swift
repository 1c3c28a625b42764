import Foundation

/// One staff member's figures over a range: sales they rang up (net of the refunds of those orders' returns
/// in the range), tickets resolved while assigned to them, their SLA outcomes and the CSAT of answers naming
/// them. Members recruited are not reported: a customer record does not name the staff who created it.
public struct StaffPerformance: Sendable, Equatable {
    public var staffId: StaffMember.ID
    public var displayName: String
    public var orders: Int64
    public var salesMinor: Int64
    public var refundsMinor: Int64
    public var ticketsResolved: Int64
    /// Tickets assigned to them opened in the range whose SLA outcome is known, and of those the breached.
    public var slaDecided: Int64
    public var slaBreached: Int64
    public var survey: SurveyScore

    public init(staffId: StaffMember.ID, displayName: String, orders: Int64 = 0, salesMinor: Int64 = 0, refundsMinor: Int64 = 0,
                ticketsResolved: Int64 = 0, slaDecided: Int64 = 0, slaBreached: Int64 = 0, survey: SurveyScore = SurveyScore()) {
        self.staffId = staffId
        self.displayName = displayName
        self.orders = orders
        self.salesMinor = salesMinor
        self.refundsMinor = refundsMinor
        self.ticketsResolved = ticketsResolved
        self.slaDecided = slaDecided
        self.slaBreached = slaBreached
        self.survey = survey
    }

    public var netSalesMinor: Int64 { salesMinor.subtractingSaturated(refundsMinor) }
    /// 0…100, as the SLA report counts it; nil while no outcome is known.
    public var slaMetPercent: Double? { slaDecided == 0 ? nil : Double(slaDecided - slaBreached) * 100 / Double(slaDecided) }
}

/// A staff member's raw counts as the repository reads them.
public struct StaffFigures: Sendable, Equatable {
    public var staffId: StaffMember.ID
    public var displayName: String
    public var orders: Int64 = 0
    public var salesMinor: Int64 = 0
    public var refundsMinor: Int64 = 0
    public var ticketsResolved: Int64 = 0
    public var slaDecided: Int64 = 0
    public var slaBreached: Int64 = 0

    public init(staffId: StaffMember.ID, displayName: String) {
        self.staffId = staffId
        self.displayName = displayName
    }
}
