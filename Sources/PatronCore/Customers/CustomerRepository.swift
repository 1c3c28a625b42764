import Foundation

/// Persistence for customer profiles. Identifier uniqueness (mobile, email, WeChat unionid) is enforced here
/// inside the write transaction, so two concurrent sign-ups cannot create the same person twice. Every write
/// stores its change history and audit event in the same transaction.
public protocol CustomerRepository: Sendable {
    /// Throws `identityConflict` naming the existing profile when an identifier is taken.
    func insert(_ customer: Customer, changes: [CustomerChange], audit: AuditEvent) async throws
    func update(_ customer: Customer, changes: [CustomerChange], audit: AuditEvent) async throws
    func find(_ id: Customer.ID) async throws -> CustomerLookup
    /// The live profiles among `ids` (at most a page of them), in one read; merged, erased and unknown ids
    /// are left out.
    func live(_ ids: [Customer.ID]) async throws -> [Customer.ID: Customer]
    func status(_ id: Customer.ID) async throws -> CustomerStatus
    func find(_ identifier: Customer.Identifier) async throws -> Customer?
    /// Newest profiles first.
    func search(_ query: CustomerQuery, page: PageRequest) async throws -> Page<Customer>
    /// Moves everything that points at `duplicate` to `survivor`, stores the survivor as given, and leaves
    /// the duplicate as a tombstone that redirects.
    func merge(_ duplicate: Customer.ID, into survivor: Customer, changes: [CustomerChange], audit: AuditEvent) async throws
    /// Removes every personal field irreversibly; orders stay, linked to the anonymous tombstone.
    func erase(_ id: Customer.ID, audit: AuditEvent) async throws
    func consents(_ id: Customer.ID) async throws -> [ConsentRecord]
    func record(_ consent: ConsentRecord, change: CustomerChange, audit: AuditEvent) async throws
    /// Audits a read of unmasked personal data (a reveal or an export).
    func recordRead(_ audit: AuditEvent) async throws
    /// Newest first.
    func history(_ id: Customer.ID, page: PageRequest) async throws -> Page<CustomerChange>
    /// The records every registered module holds about the person, for the export.
    func moduleRecords(_ id: Customer.ID) async throws -> [CustomerExport.Section: [ExportRecord]]
}

/// Settings that change how Patron behaves, editable with `settings.manage`.
public protocol SettingsRepository: Sendable {
    func customerAttributeSchema() async throws -> CustomerAttributeSchema
    func save(_ schema: CustomerAttributeSchema, audit: AuditEvent) async throws
}

extension CustomerRepository {
    /// The live profile, or the precise reason there is none (merged: follow it; erased: gone for good).
    public func live(_ id: Customer.ID) async throws -> Customer {
        switch try await find(id) {
        case .found(let customer): return customer
        case .merged(let into): throw PatronError.merged(id: id, into: into)
        case .erased: throw PatronError.erased(resource: "customer", id: id.uuidString.lowercased())
        case .missing: throw PatronError.notFound(resource: "customer", id: id.uuidString.lowercased())
        }
    }
}
