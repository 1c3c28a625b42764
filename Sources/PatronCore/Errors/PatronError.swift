import Foundation

/// Every failure the domain can name. The API maps each case to an HTTP status in one place
/// (`PatronError+HTTP.swift`), the CLI prints `message` and exits non-zero; nothing else inspects errors.
public enum PatronError: Error, Equatable, Sendable {
    /// The input broke a rule; `field` names the offending JSON path or CSV column.
    case invalid(field: String?, message: String)
    /// A request body was not well-formed JSON or had the wrong content type.
    case malformedRequest(message: String)
    case notFound(resource: String, id: String)
    /// The request collides with stored data (a duplicate key, a changed idempotent retry).
    case conflict(field: String?, message: String)
    /// An identifier (mobile, email, WeChat unionid) already belongs to another profile.
    case identityConflict(field: String, existingId: UUID)
    /// A duplicate profile that was merged; clients follow `into`.
    case merged(id: UUID, into: UUID)
    /// The record existed but its personal data was erased on request.
    case erased(resource: String, id: String)
    case unauthenticated(message: String)
    case forbidden(message: String)
    /// Too many wrong passwords; sign-in is refused until `until`, even with the right one.
    case accountLocked(until: Date)
    case payloadTooLarge(limitBytes: Int)
    /// The server sheds this request to stay fair under a flood (a full password-hashing queue, or too many
    /// failed sign-ins from one address); the client may try again after `retryAfterSeconds`.
    case tooManyRequests(retryAfterSeconds: Int)
    /// A redemption or deduction asks for more points than the customer can spend now.
    case insufficientPoints(field: String, available: Int64, requested: Int64)
    /// The database holds a schema this binary does not know; upgrading Patron is the fix.
    case schemaTooNew(database: Int, binary: Int)
    case storageUnavailable(message: String)
    /// An `Idempotency-Key` was used before for a different request by the same caller and operation.
    case idempotencyKeyReused
    /// The first request with this `Idempotency-Key` is still running.
    case idempotencyKeyInFlight
    /// The database holds data sealed under a master key other than the configured one (or none is
    /// configured); `expected` is the stored key's fingerprint, never the key.
    case keyMismatch(expected: String, message: String)
    /// A one-time link (a survey invitation) passed its expiry unanswered: 410, and a new invitation is the fix.
    case linkExpired(resource: String)
    /// A one-time link was already used: 410, because answering twice must never count twice.
    case linkUsed(resource: String)

    /// A stable machine-readable code for clients and logs.
    public var code: String {
        switch self {
        case .invalid: "invalid_input"
        case .malformedRequest: "malformed_request"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .identityConflict: "identity_conflict"
        case .erased: "erased"
        case .merged: "merged"
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .accountLocked: "account_locked"
        case .payloadTooLarge: "payload_too_large"
        case .tooManyRequests: "too_many_requests"
        case .insufficientPoints: "insufficient_points"
        case .schemaTooNew: "schema_too_new"
        case .storageUnavailable: "storage_unavailable"
        case .idempotencyKeyReused: "idempotency_key_reused"
        case .idempotencyKeyInFlight: "idempotency_key_in_flight"
        case .keyMismatch: "key_mismatch"
        case .linkExpired: "link_expired"
        case .linkUsed: "link_used"
        }
    }

    public var message: String {
        switch self {
        case .invalid(_, let message), .malformedRequest(let message), .conflict(_, let message),
             .unauthenticated(let message), .forbidden(let message), .storageUnavailable(let message), .keyMismatch(_, let message):
            message
        case .idempotencyKeyReused:
            "this Idempotency-Key was already used for a different request; send a new key for a new request"
        case .idempotencyKeyInFlight:
            "a request with this Idempotency-Key is still being processed; retry after it completes"
        case .notFound(let resource, let id):
            "\(resource) \(id) does not exist"
        case .identityConflict(let field, let existingId):
            "the \(field) already belongs to customer \(existingId.uuidString.lowercased()); update that profile or ask for an upsert"
        case .merged(let id, let into):
            "customer \(id.uuidString.lowercased()) was merged into \(into.uuidString.lowercased())"
        case .erased(let resource, let id):
            "\(resource) \(id) was erased at the person's request"
        case .accountLocked(let until):
            "the account is locked after repeated wrong passwords until \(until.formatted(.iso8601)); ask an administrator or wait"
        case .insufficientPoints(_, let available, let requested):
            "the customer has \(available) points available but \(requested) are needed"
        case .linkExpired(let resource):
            "this \(resource) link has expired"
        case .linkUsed(let resource):
            "this \(resource) link was already used"
        case .tooManyRequests(let seconds):
            "too many requests; try again in \(seconds) seconds"
        case .payloadTooLarge(let limit):
            "request body exceeds the limit of \(limit) bytes"
        case .schemaTooNew(let database, let binary):
            "the database schema is version \(database) but this Patron binary only knows up to version \(binary); upgrade Patron before using this database"
        }
    }

    public var field: String? {
        switch self {
        case .invalid(let field, _), .conflict(let field, _): field
        case .identityConflict(let field, _), .insufficientPoints(let field, _, _): field
        case .idempotencyKeyReused, .idempotencyKeyInFlight: "Idempotency-Key"
        default: nil
        }
    }
}

extension PatronError: LocalizedError {
    public var errorDescription: String? { message }
}
