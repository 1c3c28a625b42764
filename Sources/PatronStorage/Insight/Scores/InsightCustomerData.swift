import Foundation
import PatronCore
import SQLKit

/// The insight's part of the data-subject rules: the row is derived, so an erase deletes it and a merge
/// drops the duplicate's and rescores the survivor from the orders now theirs. The export carries the orders
/// the row derives from; the scores themselves are not personal records handed over.
struct InsightCustomerData: CustomerDataParticipant {
    let listeners: @Sendable () -> DomainEvents

    init(listeners: @escaping @Sendable () -> DomainEvents = { .standard }) {
        self.listeners = listeners
    }

    func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: InsightRows.table).where("customer_id", .equal, duplicate).run()
        try await InsightRows.rescore([survivor], at: Date(), events: listeners(), on: sql)
    }

    func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: InsightRows.table).where("customer_id", .equal, customer).run()
    }
}
