import Foundation

/// Persistence for staff accounts, their sessions and sign-in state. Secrets cross this boundary only as
/// hashes. Every change carries the audit event that describes it and is stored in the same transaction.
public protocol StaffRepository: Sendable {
    func create(_ member: StaffMember, passwordHash: String, audit: AuditEvent) async throws
    func update(_ member: StaffMember, passwordHash: String?, audit: AuditEvent) async throws
    func find(_ id: StaffMember.ID) async throws -> StaffMember?
    func findForLogin(username: String) async throws -> LoginRecord?
    func countActiveAdministrators() async throws -> Int
    /// Staff ordered by username, optionally only those of one store.
    func list(_ page: PageRequest, store: Store.ID?) async throws -> Page<StaffMember>

    /// Adds one failed sign-in atomically (concurrent failures each count) and returns the new count. In the
    /// same transaction, `lock` turns that count into the lock to apply, if any, and `audit` into the events
    /// to store.
    @discardableResult
    func recordFailedLogin(_ id: StaffMember.ID, lock: @escaping @Sendable (_ failures: Int) -> Date?,
                           audit: @escaping @Sendable (_ failures: Int, _ lockedUntil: Date?) -> [AuditEvent]) async throws -> Int
    /// Clears the lock and the failure count.
    func unlock(_ id: StaffMember.ID, audit: AuditEvent) async throws
    func recordSuccessfulLogin(_ id: StaffMember.ID, tokenDigest: String, expiresAt: Date, audit: AuditEvent) async throws

    /// The active member owning an unexpired, unrevoked session.
    func findSession(tokenDigest: String, at now: Date) async throws -> StaffMember?
    func revokeSession(tokenDigest: String, at now: Date, audit: AuditEvent) async throws
    /// Stores a new password hash (clearing failures and any lock) and revokes every other unexpired session of
    /// the member, keeping the one named by `keepingSession`, all in one transaction.
    func changePassword(_ id: StaffMember.ID, passwordHash: String, keepingSession: String?, at now: Date, audit: AuditEvent) async throws
}

/// What sign-in needs to know about an account.
public struct LoginRecord: Sendable {
    public var member: StaffMember
    public var passwordHash: String
    public var failedLogins: Int
    public var lockedUntil: Date?

    public init(member: StaffMember, passwordHash: String, failedLogins: Int, lockedUntil: Date?) {
        self.member = member
        self.passwordHash = passwordHash
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
    }
}
