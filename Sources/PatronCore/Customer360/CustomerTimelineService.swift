import Foundation

/// A customer's history across modules in one list: every registered `TimelineSource` is asked for its entries
/// before the cursor, concurrently, and the answers are merged newest first by `(at, kind, id)`. A store-scoped
/// caller's page leaves out other stores' entries; it may then hold fewer than `limit` entries, but its cursor
/// still continues exactly where the examined entries end.
public struct CustomerTimelineService: Sendable {
    public static let limits = 1...100
    /// How many rounds a page may read for a store-scoped caller before answering a short page with a cursor,
    /// so that a customer with thousands of other stores' entries cannot make one request unbounded.
    static let rounds = 8

    let customers: any CustomerRepository
    let sources: [TimelineEntry.Kind: any TimelineSource]

    public init(customers: any CustomerRepository, sources: [TimelineEntry.Kind: any TimelineSource]) {
        self.customers = customers
        self.sources = sources
    }

    /// Entries strictly before `before` (from the newest when nil), at most `limit`; `kinds` nil means all.
    /// A merged duplicate answers `merged` with its survivor, an erased customer `erased`.
    public func timeline(of id: Customer.ID, before: TimelineCursor?, limit: Int, kinds: Set<TimelineEntry.Kind>? = nil,
                         by caller: Caller) async throws -> TimelinePage {
        try caller.require(.customersRead)
        guard Self.limits.contains(limit) else {
            throw PatronError.invalid(field: "limit", message: "limit must be between \(Self.limits.lowerBound) and \(Self.limits.upperBound)")
        }
        _ = try await customers.live(id)
        let scope = Customer360Scope(caller)
        let chosen = sources.filter { kinds?.contains($0.key) ?? true }.map(\.value)
        var cursor = before
        var shown: [TimelineEntry] = []
        for _ in 0..<Self.rounds {
            let (examined, exhausted) = try await Self.merged(chosen, of: id, before: cursor, limit: limit)
            for entry in examined where scope.shows(entry) {
                shown.append(entry)
                if shown.count > limit { return TimelinePage(entries: Array(shown.prefix(limit)), nextCursor: shown[limit - 1].cursor) }
            }
            if exhausted { return TimelinePage(entries: shown, nextCursor: nil) }
            cursor = examined.last?.cursor
        }
        return TimelinePage(entries: shown, nextCursor: cursor)
    }

    /// The first `limit + 1` entries of all sources together, newest first, and whether nothing older is left.
    /// Each source gives its own first `limit + 1`, so the union holds the overall first `limit + 1`.
    static func merged(_ sources: [any TimelineSource], of id: Customer.ID, before: TimelineCursor?,
                       limit: Int) async throws -> (entries: [TimelineEntry], exhausted: Bool) {
        let all = try await withThrowingTaskGroup(of: [TimelineEntry].self) { group in
            for source in sources {
                group.addTask { try await source.entries(of: id, before: before, limit: limit + 1) }
            }
            var all: [TimelineEntry] = []
            for try await entries in group { all += entries }
            return all
        }
        let sorted = all.sorted { $0.cursor > $1.cursor }
        return (Array(sorted.prefix(limit + 1)), sorted.count <= limit)
    }
}
