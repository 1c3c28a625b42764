import Foundation

/// Persistence for staff accounts and their sessions. Secrets cross this boundary only as hashes.
public protocol StaffRepository: Sendable {
    func create(_ member: StaffMember, passwordHash: String) async throws
    func findByUsername(_ username: String) async throws -> (StaffMember, passwordHash: String)?
    func createSession(tokenDigest: String, staffId: StaffMember.ID, expiresAt: Date) async throws
    /// The active member owning an unexpired, unrevoked session.
    func findSession(tokenDigest: String, at now: Date) async throws -> StaffMember?
    func revokeSession(tokenDigest: String, at now: Date) async throws
}
