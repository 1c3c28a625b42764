import PatronCore
import SQLKit

/// The modules holding customer records, asked in order on every merge, erase and export.
public struct CustomerDataRegistry: Sendable {
    public let participants: [any CustomerDataParticipant]

    public init(_ participants: [any CustomerDataParticipant]) {
        self.participants = participants
    }

    func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws {
        for participant in participants { try await participant.merge(duplicate, into: survivor, on: sql) }
    }

    func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        for participant in participants { try await participant.erase(customer, on: sql) }
    }

    func export(_ customer: Customer.ID, on sql: any SQLDatabase) async throws -> [CustomerExport.Section: [ExportRecord]] {
        var sections: [CustomerExport.Section: [ExportRecord]] = [:]
        for participant in participants {
            for (section, records) in try await participant.export(customer, on: sql) { sections[section, default: []] += records }
        }
        return sections
    }
}
