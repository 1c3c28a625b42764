extension MembershipRepository {
    /// A customer's whole points ledger, oldest first: what a data-subject export must contain.
    func wholeLedger(of customer: Customer.ID) async throws -> [PointsEntry] {
        try await everyPage { try await ledger(of: customer, page: $0) }.reversed()
    }
}
