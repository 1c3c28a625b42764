import Foundation
import PatronCore
import SQLKit

/// Interactions with the body and contact sealed by `FieldCipher`. Each write links an unidentified contact to
/// the live profile holding its identifier (and every earlier interaction of that contact with it), answers a
/// repeated (channel, externalId) with the stored interaction, and publishes `.interactionLogged` in the same
/// transaction.
public struct SQLInteractionRepository: InteractionRepository {
    let database: Database
    let rows: InteractionRows
    let events: DomainEvents

    public init(_ database: Database, cipher: FieldCipher, events: DomainEvents = .standard) {
        self.database = database
        rows = InteractionRows(cipher: cipher)
        self.events = events
    }

    public func find(_ id: Interaction.ID) async throws -> Interaction? {
        try await database.read { sql in
            try await sql.select().column("*").from(InteractionRows.table).where("id", .equal, id).first().map(rows.decode)
        }
    }

    public func ticketExists(_ id: UUID) async throws -> Bool {
        try await database.read { sql in try await sql.select().column("id").from("tickets").where("id", .equal, id).first() != nil }
    }

    public func list(customer: Customer.ID, page: PageRequest) async throws -> Page<Interaction> {
        try await database.read { sql in
            let result = try await timeOrderedRows(sql, table: InteractionRows.table, timeColumn: "occurred_at", page: page) {
                $0.where("customer_id", .equal, customer)
            }
            return Page(items: try result.rows.map(rows.decode), nextCursor: result.nextCursor)
        }
    }

    public func ingest(_ interactions: [Interaction], audit: AuditEvent) async throws -> [InteractionOutcome] {
        let interactions = interactions.map(\.atStoragePrecision)
        do {
            return try await write(interactions, audit: audit)
        } catch let error as PatronError {
            throw error
        } catch {
            // A concurrent ingest of the same externalId won the race: answer as a retry would.
            if interactions.allSatisfy({ $0.externalId != nil }) {
                let stored = try await database.read { sql in
                    try await interactions.asyncMap { try await self.existing($0, on: sql) }
                }
                if stored.allSatisfy({ $0 != nil }) { return stored.map { .existing($0!) } }
            }
            throw error
        }
    }

    private func write(_ interactions: [Interaction], audit: AuditEvent) async throws -> [InteractionOutcome] {
        try await database.transaction { sql in
            var outcomes: [InteractionOutcome] = []
            var fresh: [Interaction] = []
            for var interaction in interactions {
                if let stored = try await existing(interaction, on: sql) {
                    outcomes.append(.existing(stored))
                    continue
                }
                if let ticket = interaction.ticketId,
                   try await sql.select().column("id").from("tickets").where("id", .equal, ticket).first() == nil {
                    throw PatronError.invalid(field: "ticketId", message: "there is no ticket \(ticket.uuidString.lowercased())")
                }
                if interaction.customerId == nil, let contact = interaction.contact {
                    interaction.customerId = try await rows.customer(holding: contact, on: sql)
                }
                try await rows.insert([interaction], on: sql)
                if let customer = interaction.customerId, let contact = interaction.contact {
                    try await rows.link(contact, to: customer, on: sql)
                }
                fresh.append(interaction)
                outcomes.append(.created(interaction))
            }
            guard !fresh.isEmpty else { return outcomes }
            var audit = audit
            audit.details["created"] = String(fresh.count)
            try await SQLAuditLog.insert([audit], on: sql)
            try await events.publish(fresh.map { .interactionLogged($0.notice) }, on: sql)
            return outcomes
        }
    }

    private func existing(_ interaction: Interaction, on sql: any SQLDatabase) async throws -> Interaction? {
        guard let externalId = interaction.externalId else { return nil }
        return try await sql.select().column("*").from(InteractionRows.table).where("channel", .equal, interaction.channel.rawValue)
            .where("external_id", .equal, externalId).first().map(rows.decode)
    }
}

extension Interaction {
    var notice: InteractionNotice {
        InteractionNotice(interactionId: id, customerId: customerId, storeId: storeId, channel: channel.rawValue, kind: kind.rawValue,
                          at: occurredAt)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
