import Foundation

/// The messages already sent or queued to one customer, on any channel: what the frequency cap and the yearly
/// birthday greeting count. Failed and suppressed messages never reached the customer and do not belong here;
/// neither does the candidate itself.
public struct ContactHistory: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var purpose: MessagePurpose
        public var kind: MessageKind
        /// When it was sent, or is due to be sent if still queued.
        public var at: Date

        public init(purpose: MessagePurpose, kind: MessageKind, at: Date) {
            self.purpose = purpose
            self.kind = kind
            self.at = at
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }
}
