import Foundation
import PatronCore

/// Applies point expiries, tier reviews, grace ends and override ends as their dates pass. Each customer is
/// advanced under its row lock and an advance already done is a no-op, so even a run the lease failed to
/// keep single would be harmless.
public struct MembershipExpiryJob: Job {
    let membership: MembershipService
    public let interval: TimeInterval
    public let name = "membership.expiry"
    static let caller = Caller.system("membership job")

    public init(membership: MembershipService, interval: TimeInterval = 3_600) {
        self.membership = membership
        self.interval = interval
    }

    public func run(at now: Date) async throws -> JobReport {
        JobReport("\(try await membership.applyDue(at: now, by: Self.caller)) customers advanced")
    }
}
