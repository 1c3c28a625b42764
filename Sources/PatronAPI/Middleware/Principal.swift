import PatronCore

/// Who is calling, set by `AuthMiddleware` for the duration of one request. A task-local keeps it out of
/// every handler signature and impossible to leak into another request.
struct Principal: Sendable {
    let member: StaffMember
    /// The digest of the bearer token used, so logout can revoke exactly this session.
    let tokenDigest: String

    @TaskLocal static var current: Principal?

    /// The caller, or `unauthenticated` when a handler runs without one (a wiring bug, never a 500).
    static func required() throws(PatronError) -> Principal {
        guard let current else { throw .unauthenticated(message: "sign in first") }
        return current
    }
}
