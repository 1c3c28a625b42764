import PatronCore
import SQLKit

/// Links a new profile's earlier unidentified interactions to it, in the transaction that creates it: a
/// WeChat message or a hotline call logged before the person signed up joins their history.
public struct InteractionLinker: DomainEventSubscriber {
    public init() {}

    public func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        for case .customerCreated(let customer) in events {
            try await InteractionRows.link(profile: customer, on: sql)
        }
    }
}
