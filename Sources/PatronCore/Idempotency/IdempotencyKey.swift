import Foundation

/// One use of an `Idempotency-Key`: who sent it, for which operation, and a digest of the request, so the
/// same key can be told apart from a retry of a different request.
public struct IdempotencyClaim: Hashable, Sendable {
    /// Keys are private to a caller: `staff:<id>` or `api_key:<id>`.
    public var scope: String
    public var operation: String
    public var key: String
    /// Hex SHA-256 of method, path and body.
    public var requestHash: String
    public var at: Date
    public var expiresAt: Date

    public init(scope: String, operation: String, key: String, requestHash: String, at: Date, expiresAt: Date) {
        self.scope = scope
        self.operation = operation
        self.key = key
        self.requestHash = requestHash
        self.at = at
        self.expiresAt = expiresAt
    }

    /// How long a finished request is replayed.
    public static let window: TimeInterval = 24 * 3_600

    /// Accepts 1–255 printable ASCII characters; anything else is a malformed request.
    public static func validate(_ key: String) throws(PatronError) -> String {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .malformedRequest(message: "Idempotency-Key must be 1 to 255 printable ASCII characters")
        }
        return key
    }
}

/// A finished request's response as it is replayed: status, the headers the handler set, and the body.
public struct StoredResponse: Hashable, Sendable {
    public var status: Int
    public var headers: [[String]]
    public var body: Data?

    public init(status: Int, headers: [[String]], body: Data?) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What claiming a key found.
public enum IdempotencyOutcome: Hashable, Sendable {
    /// The key is new (or its earlier use expired): run the request.
    case claimed
    /// The same request finished before: answer this.
    case replay(StoredResponse)
    case inFlight
    case reused
}

/// Storage of keys. `claim` must be race-free: of two concurrent claims of one key exactly one is `claimed`.
public protocol IdempotencyRepository: Sendable {
    func claim(_ claim: IdempotencyClaim) async throws -> IdempotencyOutcome
    func complete(_ claim: IdempotencyClaim, with response: StoredResponse) async throws
    /// Forgets a claim whose request failed, so a corrected request may use the key.
    func release(_ claim: IdempotencyClaim) async throws
    @discardableResult
    func purgeExpired(at date: Date) async throws -> Int
}
