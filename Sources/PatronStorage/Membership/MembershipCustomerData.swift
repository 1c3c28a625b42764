import Foundation
import PatronCore
import SQLKit

/// Membership's part of the data-subject rules. Adjustments and overrides follow a merge and the survivor's
/// tier and points are replayed from both histories; on erase they go. The ledger reaches the export through
/// `MembershipService.wholeLedger`, typed, so nothing is added here.
struct MembershipCustomerData: CustomerDataParticipant {
    func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws {
        for table in MembershipRows.inputTables {
            try await sql.update(table).set("customer_id", to: survivor).where("customer_id", .equal, duplicate).run()
        }
        try await MembershipRows.deleteDerived([duplicate], on: sql)
        try await MembershipReplay.replay(survivor, programme: try await MembershipRows.programme(on: sql), through: Date(), on: sql)
    }

    func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        try await MembershipRows.deleteDerived([customer], on: sql)
        for table in MembershipRows.inputTables {
            try await sql.delete(from: table).where("customer_id", .equal, customer).run()
        }
    }
}
