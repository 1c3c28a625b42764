import Foundation

extension StaffService {
    /// Until when the member's sign-in is locked after wrong passwords, or nil when it is not, so an
    /// administrator can see why a colleague cannot sign in before unlocking them.
    public func lockedUntil(_ id: StaffMember.ID, by caller: Caller, at now: Date = Date()) async throws -> Date? {
        let member = try await find(id, by: caller)
        guard let until = try await staff.findForLogin(username: member.username)?.lockedUntil, until > now else { return nil }
        return until
    }
}
