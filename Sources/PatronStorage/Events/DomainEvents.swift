import PatronCore
import SQLKit

/// The subscribers a write hands its events to, in order. Each writer publishes on the transaction it
/// writes with, so a subscriber's own writes commit or roll back with the fact.
public struct DomainEvents: Sendable {
    public let subscribers: [any DomainEventSubscriber]

    public init(_ subscribers: [any DomainEventSubscriber]) {
        self.subscribers = subscribers
    }

    public func publish(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        for subscriber in subscribers { try await subscriber.handle(events, on: sql) }
    }

    public func publish(_ event: DomainEvent, on sql: any SQLDatabase) async throws {
        try await publish([event], on: sql)
    }

    /// Nobody listening: for tests that isolate one writer.
    public static let none = DomainEvents([])
}
