import PatronCore

/// Facts about the request in flight, set by middleware for its duration. Task-locals keep them out of every
/// handler signature and impossible to leak into another request.
enum RequestScope {
    @TaskLocal static var caller: Caller?
    /// The digest of the session token used, so logout can revoke exactly this session.
    @TaskLocal static var sessionDigest: String?
    @TaskLocal static var requestId: String?
    /// Where the request comes from, for per-address limits; nil when unknown.
    @TaskLocal static var clientAddress: String?

    /// The caller, or `unauthenticated` when a handler runs without one (a wiring bug, never a 500).
    static func requireCaller() throws(PatronError) -> Caller {
        guard let caller else { throw .unauthenticated(message: "sign in first") }
        return caller
    }
}
