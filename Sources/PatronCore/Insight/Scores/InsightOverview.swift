import Foundation

/// The RFM picture of the base as stored: customers per segment and per R×F cell.
public struct RFMOverview: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var r: Int
        public var f: Int
        public var customers: Int

        public init(r: Int, f: Int, customers: Int) {
            self.r = r
            self.f = f
            self.customers = customers
        }
    }

    /// The last full refresh; nil before the first.
    public var computedAt: Date?
    /// Every segment, zero included, in `RFMSegment.allCases` order.
    public var segments: [(segment: RFMSegment, customers: Int)]
    /// The 25 cells, R descending then F ascending.
    public var grid: [Cell]

    public init(computedAt: Date?, segments: [(segment: RFMSegment, customers: Int)], grid: [Cell]) {
        self.computedAt = computedAt
        self.segments = segments
        self.grid = grid
    }

    public static func == (lhs: RFMOverview, rhs: RFMOverview) -> Bool {
        lhs.computedAt == rhs.computedAt && lhs.grid == rhs.grid
            && lhs.segments.map(\.segment) == rhs.segments.map(\.segment) && lhs.segments.map(\.customers) == rhs.segments.map(\.customers)
    }
}

/// Customers per lifecycle stage, every stage listed.
public struct LifecycleOverview: Sendable, Equatable {
    public var computedAt: Date?
    public var stages: [LifecycleStage: Int]

    public init(computedAt: Date?, stages: [LifecycleStage: Int]) {
        self.computedAt = computedAt
        self.stages = stages
    }
}

/// One customer of a segment, for the drill-down list; the name is masked like every customer list.
public struct SegmentMember: Sendable, Equatable {
    public var customerId: Customer.ID
    public var displayName: String
    public var segment: RFMSegment
    public var stage: LifecycleStage
    public var clvMinor: Int64?

    public init(customerId: Customer.ID, displayName: String, segment: RFMSegment, stage: LifecycleStage, clvMinor: Int64?) {
        self.customerId = customerId
        self.displayName = displayName
        self.segment = segment
        self.stage = stage
        self.clvMinor = clvMinor
    }
}

/// A stored insight row of a segment, before the name is added.
public struct SegmentRow: Sendable, Equatable {
    public var customerId: Customer.ID
    public var stage: LifecycleStage
    public var clvMinor: Int64?

    public init(customerId: Customer.ID, stage: LifecycleStage, clvMinor: Int64?) {
        self.customerId = customerId
        self.stage = stage
        self.clvMinor = clvMinor
    }
}

/// What a refresh did, in counts.
public struct InsightRefreshReport: Sendable, Equatable {
    public var computedAt: Date
    public var customers: Int
    public var purchasers: Int
    public var stageChanges: Int
    /// Whether the CLV models were fitted (false: too little data, or `refit` was off and none were stored).
    public var modelsFitted: Bool
    public var modelVersion: String

    public init(computedAt: Date, customers: Int, purchasers: Int, stageChanges: Int, modelsFitted: Bool, modelVersion: String) {
        self.computedAt = computedAt
        self.customers = customers
        self.purchasers = purchasers
        self.stageChanges = stageChanges
        self.modelsFitted = modelsFitted
        self.modelVersion = modelVersion
    }

    public var summary: String {
        "\(customers) customers scored, \(purchasers) purchasers, \(stageChanges) stage changes, models \(modelsFitted ? "fitted" : "not fitted")"
    }
}

/// How far a refresh has come: `done` of `total` customers written.
public struct InsightRefreshProgress: Sendable, Equatable {
    public enum Phase: String, Sendable { case aggregating, fitting, writing }
    public var phase: Phase
    public var done: Int
    public var total: Int

    public init(phase: Phase, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}
