import Foundation

/// The customer register: identity resolution on every write, masking by default, reveal with a stated
/// purpose, merge, consent, and the data-subject rights (export, erase). Every change keeps a masked history
/// entry and an audit event, written with the change.
public struct CustomerService: Sendable {
    let customers: any CustomerRepository
    let orders: any OrderRepository
    let stores: any StoreRepository
    let settings: any SettingsRepository
    let membership: any MembershipRepository

    public init(customers: any CustomerRepository, orders: any OrderRepository, stores: any StoreRepository,
                settings: any SettingsRepository, membership: any MembershipRepository) {
        self.customers = customers
        self.orders = orders
        self.stores = stores
        self.settings = settings
        self.membership = membership
    }

    public enum WriteResult: Sendable { case created(Customer), updated(Customer) }

    /// Creates a profile. When an identifier already belongs to someone, answers `identityConflict` with their
    /// id — or, with `upsert`, updates that profile instead.
    public func create(_ draft: CustomerDraft, upsert: Bool, channel: String = "api", by caller: Caller,
                       requestId: String?) async throws -> WriteResult {
        try caller.require(.customersWrite)
        let candidate = try draft.makeCustomer()
        try await validate(candidate)
        var owners: [(Customer.Identifier, Customer.ID)] = []
        for identifier in candidate.identifiers {
            if let owner = try await customers.find(identifier) { owners.append((identifier, owner.id)) }
        }
        if let (identifier, owner) = owners.first {
            guard upsert else { throw PatronError.identityConflict(field: identifier.field, existingId: owner) }
            if let other = owners.first(where: { $0.1 != owner }) {
                throw PatronError.conflict(field: other.0.field, message: "the identifiers belong to different customers (\(owner.uuidString.lowercased()), \(other.1.uuidString.lowercased())); merge them first")
            }
            var patch = draft
            patch.sourceChannel = nil
            return .updated(try await update(owner, patch, channel: channel, by: caller, requestId: requestId))
        }
        let changes = Self.diff(nil, candidate).map { change(candidate.id, $0, caller, channel) }
        try await customers.insert(candidate, changes: changes,
                                   audit: event("customer.created", candidate.id, caller, requestId, fields: changes.map(\.field)))
        return .created(candidate)
    }

    public func update(_ id: Customer.ID, _ draft: CustomerDraft, channel: String = "api", by caller: Caller,
                       requestId: String?) async throws -> Customer {
        try caller.require(.customersWrite)
        let current = try await live(id)
        var updated = current
        try draft.apply(to: &updated)
        updated.updatedAt = Date()
        try await validate(updated)
        let fields = Self.diff(current, updated)
        guard !fields.isEmpty else { return current }
        try await customers.update(updated, changes: fields.map { change(id, $0, caller, channel) },
                                   audit: event("customer.updated", id, caller, requestId, fields: fields.map(\.field)))
        return updated
    }

    /// A profile with personal fields masked. A merged duplicate answers with its survivor's id.
    public func find(_ id: Customer.ID, by caller: Caller) async throws -> Customer {
        try caller.require(.customersRead)
        return try await live(id)
    }

    public func search(_ query: CustomerQuery, page: PageRequest, by caller: Caller) async throws -> Page<Customer> {
        try caller.require(.customersRead)
        if let last4 = query.mobileLastFour, last4.count != 4 || !last4.allSatisfy(\.isNumber) {
            throw PatronError.invalid(field: "mobileLast4", message: "mobileLast4 must be exactly four digits")
        }
        if let prefix = query.namePrefix, prefix.trimmingCharacters(in: .whitespaces).isEmpty || prefix.count > 12 {
            throw PatronError.invalid(field: "name", message: "a name prefix has 1 to 12 characters")
        }
        if query.personas.count > CustomerQuery.maxPersonas {
            throw PatronError.invalid(field: "persona", message: "filter by at most \(CustomerQuery.maxPersonas) persona tags")
        }
        return try await customers.search(query, page: page)
    }

    /// The profile with the named personal fields in clear (all of them when `fields` is nil), for a stated
    /// purpose; the reveal is audited. A refused reveal is audited too: attempts to read personal data without
    /// the right are what an auditor looks for first.
    public func reveal(_ id: Customer.ID, fields: [String]?, purpose: String, by caller: Caller, requestId: String?) async throws -> CustomerView {
        do {
            try caller.require(.customersReadPII)
        } catch {
            var denied = event("customer.revealed", id, caller, requestId, fields: fields ?? CustomerView.personalFields,
                               purpose: String(purpose.prefix(200)), details: ["reason": "missing customers.read_pii"])
            denied.outcome = .denied
            try await customers.recordRead(denied)
            throw error
        }
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...200).contains(purpose.count) else {
            throw PatronError.invalid(field: "purpose", message: "state the purpose of the reveal in 5 to 200 characters")
        }
        let fields = fields ?? CustomerView.personalFields
        for field in fields where !CustomerView.personalFields.contains(field) {
            throw PatronError.invalid(field: "fields", message: "\(field) is not a personal field; choose from \(CustomerView.personalFields.joined(separator: ", "))")
        }
        let customer = try await live(id)
        try await customers.recordRead(event("customer.revealed", id, caller, requestId, fields: fields, purpose: purpose))
        return .revealed(customer, fields: fields)
    }

    public func merge(duplicate duplicateId: Customer.ID, into survivorId: Customer.ID, by caller: Caller,
                      requestId: String?) async throws -> Customer {
        try caller.require(.customersWrite)
        guard duplicateId != survivorId else { throw PatronError.invalid(field: "duplicateId", message: "a customer cannot be merged into itself") }
        let survivor = try await live(survivorId)
        switch try await customers.find(duplicateId) {
        case .merged(let into) where into == survivorId:
            return survivor
        case .merged(let into):
            throw PatronError.conflict(field: "duplicateId", message: "\(duplicateId.uuidString.lowercased()) was already merged into \(into.uuidString.lowercased())")
        case .erased:
            throw PatronError.erased(resource: "customer", id: duplicateId.uuidString.lowercased())
        case .missing:
            throw PatronError.notFound(resource: "customer", id: duplicateId.uuidString.lowercased())
        case .found(let duplicate):
            var merged = survivor
            merged.mobile = survivor.mobile ?? duplicate.mobile
            merged.email = survivor.email ?? duplicate.email
            merged.wechatUnionId = survivor.wechatUnionId ?? duplicate.wechatUnionId
            merged.wechatOpenId = survivor.wechatOpenId ?? duplicate.wechatOpenId
            merged.posMemberNumber = survivor.posMemberNumber ?? duplicate.posMemberNumber
            merged.birthday = survivor.birthday ?? duplicate.birthday
            merged.address = survivor.address ?? duplicate.address
            merged.preferredStoreId = survivor.preferredStoreId ?? duplicate.preferredStoreId
            merged.tags = Set(survivor.tags + duplicate.tags).sorted()
            merged.attributes = duplicate.attributes.merging(survivor.attributes) { $1 }
            merged.notes = [survivor.notes, duplicate.notes].compactMap { $0 }.joined(separator: "\n").nilIfEmpty
            merged.createdAt = min(survivor.createdAt, duplicate.createdAt)
            merged.updatedAt = Date()
            var changes = Self.diff(survivor, merged).map { change(survivorId, $0, caller, "merge") }
            changes.append(change(survivorId, .init(field: "mergedFrom", old: nil, new: duplicateId.uuidString.lowercased()), caller, "merge"))
            try await customers.merge(duplicateId, into: merged, changes: changes,
                                      audit: event("customer.merged", survivorId, caller, requestId, fields: changes.map(\.field),
                                                   details: ["duplicateId": duplicateId.uuidString.lowercased()]))
            return merged
        }
    }

    public func erase(_ id: Customer.ID, reason: String, by caller: Caller, requestId: String?) async throws {
        try caller.require(.customersErase)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...200).contains(reason.count) else {
            throw PatronError.invalid(field: "reason", message: "state the reason for the erasure in 5 to 200 characters")
        }
        _ = try await live(id)
        try await customers.erase(id, audit: event("customer.erased", id, caller, requestId, fields: CustomerView.personalFields,
                                                   purpose: reason))
    }

    public func export(_ id: Customer.ID, by caller: Caller, requestId: String?) async throws -> CustomerExport {
        try caller.require(.customersExport)
        let profile = try await live(id)
        var export = CustomerExport(
            exportedAt: Date(), profile: profile, consents: try await customers.consents(id),
            orders: try await everyPage { try await orders.list(OrderFilter(customerId: id), page: $0) },
            history: try await everyPage { try await customers.history(id, page: $0) },
            points: try await membership.wholeLedger(of: id))
        export.sections = try await customers.moduleRecords(id)
        try await customers.recordRead(event("customer.exported", id, caller, requestId, fields: CustomerView.personalFields,
                                             purpose: "data subject access request"))
        return export
    }

    public func consents(_ id: Customer.ID, by caller: Caller) async throws -> CustomerConsents {
        try caller.require(.customersRead)
        _ = try await live(id)
        return CustomerConsents(history: try await customers.consents(id))
    }

    public func recordConsent(_ id: Customer.ID, channel: ConsentRecord.Channel, granted: Bool, source: String,
                              by caller: Caller, requestId: String?) async throws -> ConsentRecord {
        try caller.require(.customersWrite)
        try Validate.text(source, field: "source", maxLength: 64)
        _ = try await live(id)
        let previous = CustomerConsents(history: try await customers.consents(id)).current(for: channel)
        let record = ConsentRecord(customerId: id, channel: channel, granted: granted, source: source, recordedBy: caller.actor.name)
        let change = change(id, .init(field: "consent.\(channel.rawValue)", old: previous.map { $0.granted ? "granted" : "withdrawn" },
                                      new: granted ? "granted" : "withdrawn"), caller, "consent")
        try await customers.record(record, change: change,
                                   audit: event(granted ? "customer.consent_granted" : "customer.consent_withdrawn", id, caller, requestId,
                                                details: ["channel": channel.rawValue, "source": source]))
        return record
    }

    public func history(_ id: Customer.ID, page: PageRequest, by caller: Caller) async throws -> Page<CustomerChange> {
        try caller.require(.customersRead)
        _ = try await live(id)
        return try await customers.history(id, page: page)
    }

    public func attributeSchema(by caller: Caller) async throws -> CustomerAttributeSchema {
        try caller.require(.customersRead)
        return try await settings.customerAttributeSchema()
    }

    public func saveAttributeSchema(_ schema: CustomerAttributeSchema, by caller: Caller, requestId: String?) async throws {
        try caller.require(.settingsManage)
        try schema.validateDefinitions()
        try await settings.save(schema, audit: AuditEvent(actor: caller.actor, action: "settings.customer_attributes_changed",
                                                          resourceType: "settings", resourceId: "customer-attributes", requestId: requestId,
                                                          details: ["attributes": schema.attributes.map(\.name).joined(separator: ",")]))
    }

    private func live(_ id: Customer.ID) async throws -> Customer { try await customers.live(id) }

    private func validate(_ customer: Customer) async throws {
        let schema = try await settings.customerAttributeSchema()
        try customer.validate(today: .today(), schema: schema)
        if let store = customer.preferredStoreId, try await stores.find(store) == nil {
            throw PatronError.invalid(field: "preferredStoreId", message: "there is no store \(store.uuidString.lowercased())")
        }
    }

    struct FieldDiff { var field: String; var old: String?; var new: String? }

    /// Changed fields with masked old and new values.
    static func diff(_ old: Customer?, _ new: Customer) -> [FieldDiff] {
        let before = old.map(CustomerView.masked)
        let after = CustomerView.masked(new)
        var result: [FieldDiff] = []
        func compare(_ field: String, _ a: String?, _ b: String?, changed: Bool) {
            if changed { result.append(FieldDiff(field: field, old: a, new: b)) }
        }
        compare("name", before?.name, after.name, changed: old?.name != new.name)
        compare("mobile", before?.mobile, after.mobile, changed: old?.mobile != new.mobile)
        compare("email", before?.email, after.email, changed: old?.email != new.email)
        compare("gender", old?.gender.rawValue, new.gender.rawValue, changed: old?.gender != new.gender)
        compare("birthday", before?.birthday, after.birthday, changed: old?.birthday != new.birthday || old?.birthdayIsLunar != new.birthdayIsLunar)
        compare("address", before?.address, after.address, changed: old?.address != new.address)
        compare("preferredStoreId", old?.preferredStoreId?.uuidString.lowercased(), new.preferredStoreId?.uuidString.lowercased(),
                changed: old?.preferredStoreId != new.preferredStoreId)
        compare("wechatUnionId", before?.wechatUnionId, after.wechatUnionId, changed: old?.wechatUnionId != new.wechatUnionId)
        compare("wechatOpenId", before?.wechatOpenId, after.wechatOpenId, changed: old?.wechatOpenId != new.wechatOpenId)
        compare("posMemberNumber", old?.posMemberNumber, new.posMemberNumber, changed: old?.posMemberNumber != new.posMemberNumber)
        compare("tags", old?.tags.joined(separator: ","), new.tags.joined(separator: ","), changed: old?.tags != new.tags)
        compare("notes", before?.notes, after.notes, changed: old?.notes != new.notes)
        compare("attributes", old.map { $0.attributes.keys.sorted().joined(separator: ",") }, new.attributes.keys.sorted().joined(separator: ","),
                changed: old?.attributes != new.attributes)
        if old == nil { compare("sourceChannel", nil, new.sourceChannel.rawValue, changed: true) }
        return result
    }

    private func change(_ id: Customer.ID, _ diff: FieldDiff, _ caller: Caller, _ channel: String) -> CustomerChange {
        CustomerChange(customerId: id, actor: caller.actor, channel: channel, field: diff.field, oldValue: diff.old, newValue: diff.new)
    }

    private func event(_ action: String, _ id: Customer.ID, _ caller: Caller, _ requestId: String?, fields: [String] = [],
                       purpose: String? = nil, details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "customer", resourceId: id.uuidString.lowercased(),
                   fields: fields, purpose: purpose, requestId: requestId, details: details)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
