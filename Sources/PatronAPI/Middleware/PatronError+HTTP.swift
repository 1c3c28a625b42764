import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import PatronCore

/// The single place where failures become HTTP: every error leaving a route, a middleware or the OpenAPI
/// layer is turned into a status and the body `{"error": {"code", "message", "field"}}`. Unknown errors
/// become a bare 500 so that no internals leak.
struct APIError: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var field: String?
    /// With `identity_conflict`: the customer that already holds the identifier.
    var existingId: String?
    /// With `merged`: the surviving customer, which the `Location` header also names.
    var mergedInto: String?
    /// With `too_many_requests`: sent as the `Retry-After` header.
    var retryAfterSeconds: Int?

    init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, existingId: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.existingId = existingId
    }

    init(_ error: PatronError) {
        let status: HTTPResponse.Status = switch error {
        case .invalid, .insufficientPoints, .idempotencyKeyReused: .unprocessableContent
        case .malformedRequest: .badRequest
        case .notFound: .notFound
        case .conflict, .identityConflict, .idempotencyKeyInFlight: .conflict
        case .merged: .permanentRedirect
        case .erased, .linkExpired, .linkUsed: .gone
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .accountLocked: HTTPResponse.Status(code: 423, reasonPhrase: "Locked")
        case .payloadTooLarge: .contentTooLarge
        case .tooManyRequests: .tooManyRequests
        case .schemaTooNew, .storageUnavailable, .keyMismatch: .serviceUnavailable
        }
        var existingId: String?
        if case .identityConflict(_, let id) = error { existingId = id.uuidString.lowercased() }
        self.init(status: status, code: error.code, message: error.message, field: error.field, existingId: existingId)
        if case .merged(_, let into) = error { mergedInto = into.uuidString.lowercased() }
        if case .tooManyRequests(let seconds) = error { retryAfterSeconds = max(1, seconds) }
    }

    /// Classifies anything thrown while serving a request.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as PatronError:
            return APIError(error)
        case let error as ServerError:
            if let underlying = error.underlyingError as? PatronError { return APIError(underlying) }
            if let decoding = error.underlyingError as? DecodingError { return APIError(decoding) }
            let status = error.httpStatus
            if status.code >= 500 { return .internal }
            return APIError(status: status, code: status == .unsupportedMediaType ? "unsupported_media_type" : "bad_request",
                            message: error.causeDescription)
        case let error as DecodingError:
            return APIError(error)
        case let error as any HTTPResponseError:
            return APIError(httpStatus: error.status)
        default:
            return .internal
        }
    }

    static let `internal` = APIError(status: .internalServerError, code: "internal_error",
                                     message: "the server failed to handle this request; the request id identifies it in the logs")

    static let clientClosed = APIError(status: ClientDisconnect.status, code: "client_closed_request",
                                       message: "the client closed the connection before the response")

    init(httpStatus status: HTTPResponse.Status) {
        switch status {
        case .notFound: self.init(status: status, code: "not_found", message: "no such route")
        case .methodNotAllowed: self.init(status: status, code: "method_not_allowed", message: "this route does not accept that method")
        case .contentTooLarge: self.init(status: status, code: "payload_too_large", message: "the request body is too large")
        case .unauthorized: self.init(status: status, code: "unauthenticated", message: "sign in first")
        default:
            if status.code >= 500 { self = .internal } else {
                self.init(status: status, code: "bad_request", message: status.reasonPhrase)
            }
        }
    }

    /// Names the JSON path that failed to decode, so clients can point at the field.
    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String? {
            guard !keys.isEmpty else { return nil }
            return keys.reduce("") { result, key in
                if let index = key.intValue { return result + "[\(index)]" }
                return result.isEmpty ? key.stringValue : result + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key]) ?? key.stringValue
            self.init(status: .unprocessableContent, code: "missing_field", message: "\(field) is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            self.init(status: .unprocessableContent, code: "invalid_type",
                      message: "\(field ?? "the body") must be \(Self.jsonTypeName(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            self.init(status: .unprocessableContent, code: "invalid_type",
                      message: "\(field ?? "the body") must be \(Self.jsonTypeName(type)), not null", field: field)
        case .dataCorrupted(let context):
            if let field = path(context.codingPath) {
                self.init(status: .unprocessableContent, code: "invalid_value", message: "\(field) \(Self.expectation(context.debugDescription))", field: field)
            } else {
                self.init(status: .badRequest, code: "malformed_json", message: "the request body is not valid JSON")
            }
        @unknown default:
            self.init(status: .badRequest, code: "malformed_json", message: "the request body could not be read")
        }
    }

    /// What the value should have been, in the API's words rather than Swift's.
    static func expectation(_ detail: String) -> String {
        let lower = detail.lowercased()
        if lower.contains("number") || lower.contains("int") || lower.contains("fit") || lower.contains("double") {
            return "must be a whole number within its documented range"
        }
        if lower.contains("bool") { return "must be true or false" }
        if lower.contains("invalid") && lower.contains("value") { return "must be one of the documented values" }
        if lower.contains("date") { return "must be an RFC 3339 date-time" }
        return "has a value of the wrong type or form"
    }

    static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    func response() -> Response {
        var error: [String: String] = ["code": code, "message": message]
        if let field { error["field"] = field }
        if let existingId { error["existingId"] = existingId }
        if let mergedInto { error["mergedInto"] = mergedInto }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(["error": error])) ?? Data(#"{"error":{"code":"internal_error","message":"error"}}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
