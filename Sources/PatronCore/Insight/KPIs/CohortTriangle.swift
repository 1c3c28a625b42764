import Foundation

/// Retention by first-purchase month: for each cohort (the customers whose first order ever fell in that
/// month), how many bought again in each later month. Month 0 is the cohort itself.
public struct CohortTriangle: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// `2026-03`.
        public var cohort: String
        public var customers: Int64
        /// Buyers in month `index` after the cohort month, index 0 being the cohort month; up to the last
        /// month refreshed.
        public var buyers: [Int64]

        public init(cohort: String, customers: Int64, buyers: [Int64]) {
            self.cohort = cohort
            self.customers = customers
            self.buyers = buyers
        }

        /// Share of the cohort buying in each month since, 0…1.
        public var retention: [Double] { buyers.map { customers == 0 ? 0 : Double($0) / Double(customers) } }
    }

    public var rows: [Row]
    public var computedAt: Date?

    public init(rows: [Row], computedAt: Date?) {
        self.rows = rows
        self.computedAt = computedAt
    }

    /// Folds stored cells (cohort, months since, buyers) into rows; a missing cell is 0.
    public static func build(cells: [(cohort: String, monthsSince: Int, buyers: Int64)], computedAt: Date?) -> CohortTriangle {
        var byCohort: [String: [Int: Int64]] = [:]
        for cell in cells where (0...CohortTriangle.maxMonths).contains(cell.monthsSince) { byCohort[cell.cohort, default: [:]][cell.monthsSince] = cell.buyers }
        let rows = byCohort.keys.sorted().map { cohort -> Row in
            let cells = byCohort[cohort] ?? [:]
            let width = (cells.keys.max() ?? 0) + 1
            return Row(cohort: cohort, customers: cells[0] ?? 0, buyers: (0..<width).map { cells[$0] ?? 0 })
        }
        return CohortTriangle(rows: rows, computedAt: computedAt)
    }

    /// Longest row: the months of two years of cohorts and a little more.
    public static let maxMonths = 36
}
