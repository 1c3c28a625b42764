/// A customer's consent records and what they add up to: the latest record per channel is the state in
/// force, so a withdrawal takes effect at once and the history still proves what was allowed when.
public struct CustomerConsents: Sendable, Equatable {
    /// Newest first.
    public var history: [ConsentRecord]
    /// One record per channel that has any, in `ConsentRecord.Channel` order.
    public var current: [ConsentRecord]

    /// `history` newest first, as the repository keeps it.
    public init(history: [ConsentRecord]) {
        self.history = history
        current = ConsentRecord.Channel.allCases.compactMap { channel in history.first { $0.channel == channel } }
    }

    /// The record in force for `channel`, if any.
    public func current(for channel: ConsentRecord.Channel) -> ConsentRecord? {
        current.first { $0.channel == channel }
    }
}
