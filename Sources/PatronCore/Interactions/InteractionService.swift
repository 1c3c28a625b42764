import Foundation

/// Logging contact with customers, one at a time from staff or in bulk from a contact centre or WeChat
/// integration. An interaction of a store needs `interactions.write` for that store; one of no store needs it
/// anywhere. Reading a customer's interactions is part of reading the customer.
public struct InteractionService: Sendable {
    let interactions: any InteractionRepository
    let stores: any StoreRepository
    let customers: any CustomerRepository
    let staff: any StaffRepository

    public init(interactions: any InteractionRepository, stores: any StoreRepository, customers: any CustomerRepository,
                staff: any StaffRepository) {
        self.interactions = interactions
        self.stores = stores
        self.customers = customers
        self.staff = staff
    }

    /// Interactions in one `ingest` call.
    public static let batchLimit = 500

    /// Stores one interaction; a retry with the same channel and externalId answers the stored one.
    public func log(_ interaction: Interaction, by caller: Caller, requestId: String?) async throws -> InteractionOutcome {
        let interaction = try await checked(interaction, by: caller)
        let outcomes = try await interactions.ingest([interaction], audit: event("interaction.logged", caller, requestId,
                                                                                 resourceId: interaction.id, details: [
                                                                                     "channel": interaction.channel.rawValue,
                                                                                     "kind": interaction.kind.rawValue]))
        return outcomes[0]
    }

    /// Checks every interaction on its own and stores the good ones in one transaction; one bad item does not
    /// stop the others. Answers in the batch's order.
    public func ingest(_ batch: [Interaction], by caller: Caller, requestId: String?) async throws -> [InteractionBatchOutcome] {
        try caller.require(.interactionsWrite)
        guard (1...Self.batchLimit).contains(batch.count) else {
            throw PatronError.invalid(field: "interactions", message: "a batch holds 1 to \(Self.batchLimit) interactions, got \(batch.count)")
        }
        var outcomes: [InteractionBatchOutcome?] = []
        var valid: [Interaction] = []
        var seen = Set<String>()
        for (index, interaction) in batch.enumerated() {
            do {
                if let externalId = interaction.externalId {
                    guard seen.insert("\(interaction.channel.rawValue)/\(externalId)").inserted else {
                        throw PatronError.invalid(field: "interactions[\(index)].externalId", message: "the batch holds this externalId twice")
                    }
                }
                valid.append(try await checked(interaction, by: caller))
                outcomes.append(nil)
            } catch let error as PatronError {
                outcomes.append(.rejected(error))
            }
        }
        guard !valid.isEmpty else { return outcomes.map { $0! } }
        let stored = try await interactions.ingest(valid, audit: event("interactions.batch_ingested", caller, requestId, resourceId: nil,
                                                                       details: ["interactions": String(valid.count)]))
        var next = stored.makeIterator()
        return outcomes.map { outcome in
            if let outcome { return outcome }
            switch next.next()! {
            case .created(let interaction): return .created(interaction.id)
            case .existing(let interaction): return .existing(interaction.id)
            }
        }
    }

    /// The customer's interactions, newest first. A merged duplicate answers with its survivor's id.
    public func list(customer: Customer.ID, page: PageRequest, by caller: Caller) async throws -> Page<Interaction> {
        try caller.require(.customersRead)
        _ = try await customers.live(customer)
        return try await interactions.list(customer: customer, page: page)
    }

    public func find(_ id: Interaction.ID, by caller: Caller) async throws -> Interaction {
        try caller.require(.customersRead)
        guard let interaction = try await interactions.find(id) else {
            throw PatronError.notFound(resource: "interaction", id: id.uuidString.lowercased())
        }
        return interaction
    }

    /// Validates like every write path must and checks that what it points at exists.
    private func checked(_ interaction: Interaction, by caller: Caller) async throws -> Interaction {
        if let store = interaction.storeId {
            try caller.require(.interactionsWrite, forRecordOf: store)
        } else {
            try caller.require(.interactionsWrite)
        }
        try interaction.validate()
        if interaction.customerId == nil && interaction.contact == nil {
            throw PatronError.invalid(field: "customerId", message: "an interaction names its customer or the contact it came from")
        }
        if let store = interaction.storeId, try await stores.find(store) == nil {
            throw PatronError.invalid(field: "storeId", message: "there is no store \(store.uuidString.lowercased())")
        }
        if let member = interaction.staffId, try await staff.find(member) == nil {
            throw PatronError.invalid(field: "staffId", message: "there is no staff member \(member.uuidString.lowercased())")
        }
        if let ticket = interaction.ticketId, try await !interactions.ticketExists(ticket) {
            throw PatronError.invalid(field: "ticketId", message: "there is no ticket \(ticket.uuidString.lowercased())")
        }
        if let customer = interaction.customerId {
            switch try await customers.status(customer) {
            case .live: break
            case .merged(let into):
                throw PatronError.invalid(field: "customerId", message: "customer \(customer.uuidString.lowercased()) was merged into \(into.uuidString.lowercased())")
            case .erased, .missing:
                throw PatronError.invalid(field: "customerId", message: "there is no customer \(customer.uuidString.lowercased())")
            }
        }
        var stored = interaction
        stored.recordedAt = Date()
        return stored
    }

    private func event(_ action: String, _ caller: Caller, _ requestId: String?, resourceId: Interaction.ID?, details: [String: String]) -> AuditEvent {
        AuditEvent(actor: caller.actor, action: action, resourceType: "interaction", resourceId: resourceId?.uuidString.lowercased(),
                   requestId: requestId, details: details)
    }
}
