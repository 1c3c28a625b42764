import Foundation

/// Sign-in: checks the password, applies the lock-out policy, opens a session, and audits every attempt.
/// Wrong usernames and wrong passwords get the same answer, and take the same time. An address that keeps
/// failing is refused before its attempts reach an account (`AddressThrottle`).
public struct LoginService: Sendable {
    let staff: any StaffRepository
    let audit: any AuditLog
    let hasher: any PasswordHasher
    let secrets: any SecretIssuer
    let throttle: LoginThrottle
    let addresses: AddressThrottle?
    let sessionLifetime: TimeInterval
    /// A real bcrypt hash of a random string, verified when the username is unknown to keep timing alike.
    let decoyHash: String

    public init(staff: any StaffRepository, audit: any AuditLog, hasher: any PasswordHasher, secrets: any SecretIssuer,
                throttle: LoginThrottle = .init(), addresses: AddressThrottle? = nil, sessionLifetime: TimeInterval, decoyHash: String) {
        self.staff = staff
        self.audit = audit
        self.hasher = hasher
        self.secrets = secrets
        self.throttle = throttle
        self.addresses = addresses
        self.sessionLifetime = sessionLifetime
        self.decoyHash = decoyHash
    }

    public struct Session: Sendable {
        public var token: String
        public var expiresAt: Date
        public var member: StaffMember
    }

    static let refusal = PatronError.unauthenticated(message: "unknown username or wrong password")

    /// `clientAddress` is nil when the address is unknown (in-process tests); such attempts are not limited
    /// per address.
    public func login(username: String, password: String, clientAddress: String? = nil, requestId: String?,
                      now: Date = Date()) async throws -> Session {
        guard let addresses, let clientAddress else {
            return try await authenticate(username: username, password: password, requestId: requestId, now: now)
        }
        try await addresses.admit(clientAddress, now: now)
        do {
            let session = try await authenticate(username: username, password: password, requestId: requestId, now: now)
            await addresses.refund(clientAddress)
            return session
        } catch let error as PatronError {
            switch error {
            case .unauthenticated, .accountLocked: break
            default: await addresses.refund(clientAddress)
            }
            throw error
        } catch {
            await addresses.refund(clientAddress)
            throw error
        }
    }

    /// Ends the session the caller signed in with. A caller without a session (an API key) has nothing to end.
    public func logout(sessionDigest: String?, by caller: Caller, requestId: String?, now: Date = Date()) async throws {
        guard case .staff = caller.identity, let sessionDigest else { return }
        try await staff.revokeSession(tokenDigest: sessionDigest, at: now,
                                      audit: AuditEvent(actor: caller.actor, action: "logout", requestId: requestId))
    }

    /// A staff member changes their own password. The current one is checked with the same hasher as at
    /// sign-in, and a wrong one counts as a failed sign-in (same lock-out, same audit) so a stolen session
    /// cannot be used to guess it; it answers `invalid` naming `currentPassword`. The new password must meet
    /// the policy. Every other session of the member ends; the one used here stays signed in.
    public func changePassword(current: String, new: String, by caller: Caller, requestId: String?) async throws {
        let me = try caller.requireStaff("a password")
        let now = Date()
        guard let record = try await staff.findForLogin(username: me.username), record.member.id == me.id else {
            throw PatronError.notFound(resource: "staff member", id: me.id.uuidString.lowercased())
        }
        let actor = caller.actor
        guard try await verify(current, of: record, actor: actor, refusal: "password.change_refused", failure: "wrong_current_password",
                               requestId: requestId, now: now) else {
            throw PatronError.invalid(field: "currentPassword", message: "the current password is wrong")
        }
        try PasswordPolicy.check(new, username: me.username, field: "newPassword")
        try await staff.changePassword(me.id, passwordHash: try await hasher.hash(new), keepingSession: caller.sessionDigest, at: now,
                                       audit: event("password.changed", actor: actor, member: me, outcome: .success, requestId: requestId))
    }

    /// The lock-out policy sign-in and password change share: a locked account is refused (audited as
    /// `refusal`) even with the right password, and a wrong password counts as a failed sign-in, locking the
    /// account once the throttle says so (audited with `failure` as the reason). Answers whether it was right.
    private func verify(_ password: String, of record: LoginRecord, actor: AuditEvent.Actor, refusal: String, failure reason: String,
                        requestId: String?, now: Date) async throws -> Bool {
        let member = record.member
        if let until = record.lockedUntil, until > now {
            try await audit.append([event(refusal, actor: actor, member: member, outcome: .denied, requestId: requestId,
                                          details: ["reason": "locked", "lockedUntil": until.formatted(.iso8601)])])
            throw PatronError.accountLocked(until: until)
        }
        if try await hasher.verify(password, against: record.passwordHash) { return true }
        let throttle = throttle
        try await staff.recordFailedLogin(member.id, lock: { throttle.lockDuration(afterFailures: $0).map { now.addingTimeInterval($0) } },
                                          audit: { failures, lockedUntil in
            var events = [event("login.failed", actor: actor, member: member, outcome: .failure, requestId: requestId,
                                details: ["reason": reason, "consecutiveFailures": String(failures)])]
            if let lockedUntil {
                events.append(event("account.locked", actor: actor, member: member, outcome: .success, requestId: requestId,
                                    details: ["lockedUntil": lockedUntil.formatted(.iso8601), "consecutiveFailures": String(failures)]))
            }
            return events
        })
        return false
    }

    private func authenticate(username rawUsername: String, password: String, requestId: String?, now: Date) async throws -> Session {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        guard let record = try await staff.findForLogin(username: username) else {
            _ = try await hasher.verify(password, against: decoyHash)
            try await audit.append([event("login.failed", actor: .init(kind: .anonymous, id: nil, name: String(username.prefix(64))),
                                          outcome: .failure, requestId: requestId, details: ["reason": "unknown_username"])])
            throw Self.refusal
        }
        let member = record.member
        let actor = AuditEvent.Actor(kind: .staff, id: member.id.uuidString.lowercased(), name: member.username)
        guard try await verify(password, of: record, actor: actor, refusal: "login.refused", failure: "wrong_password",
                               requestId: requestId, now: now) else {
            throw Self.refusal
        }
        guard member.isActive else {
            try await audit.append([event("login.failed", actor: actor, member: member, outcome: .denied, requestId: requestId,
                                          details: ["reason": "inactive"])])
            throw Self.refusal
        }
        let token = secrets.newSecret(prefix: "ps_")
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        try await staff.recordSuccessfulLogin(member.id, tokenDigest: secrets.digest(token), expiresAt: expiresAt,
                                              audit: event("login.succeeded", actor: actor, member: member, outcome: .success,
                                                           requestId: requestId))
        return Session(token: token, expiresAt: expiresAt, member: member)
    }

    private func event(_ action: String, actor: AuditEvent.Actor, member: StaffMember? = nil, outcome: AuditEvent.Outcome,
                       requestId: String?, details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(actor: actor, action: action, resourceType: member == nil ? nil : "staff",
                   resourceId: member?.id.uuidString.lowercased(), outcome: outcome, requestId: requestId, details: details)
    }
}
