import Foundation
import HTTPTypes
import OpenAPIRuntime
import PatronCore
import PatronStorage

/// Makes retries of unsafe requests safe for every operation at once: a request with an `Idempotency-Key`
/// claims the key (scoped to the caller and the operation) before it runs, and its response is stored and
/// replayed for 24 hours. It sits right after `AuthMiddleware`, so it knows the caller and the operation id.
///
/// What is stored: every response the handler returns except 5xx, 401, 403 and 429. A thrown error (a
/// refused input, a conflict, a failure) releases the key instead, so nothing half-done is replayed and a
/// corrected request may reuse it. A claim whose response cannot be stored stays in flight until it expires,
/// because its request may have been applied.
struct IdempotencyMiddleware: ServerMiddleware {
    let keys: any IdempotencyRepository
    let maxBodyBytes: Int

    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    /// Responses larger than this are not kept; the batch endpoint's 1,000 answers fit comfortably.
    static let maxStoredResponseBytes = 32 * 1_048_576
    /// Operations whose response holds a secret shown once or clear personal data, which must not be copied
    /// into this table, or whose request carries a password that a stored request digest must not stand for;
    /// the header is ignored there. Login has no caller to scope a key to.
    static let neverStored: Set<String> = ["login", "changePassword", "createAPIKey", "revealCustomer"]
    static let unsafeMethods: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        guard let raw = request.headerFields[Self.header], Self.unsafeMethods.contains(request.method),
              !Self.neverStored.contains(operationID), let caller = RequestScope.caller, let scope = Self.scope(of: caller) else {
            return try await next(request, body, metadata)
        }
        let key = try IdempotencyClaim.validate(raw)
        var bytes = Data()
        if let body { bytes = try await Data(collecting: body, upTo: maxBodyBytes) }
        let now = Date()
        let claim = IdempotencyClaim(scope: scope, operation: operationID, key: key,
                                     requestHash: RequestDigest.of(method: request.method.rawValue, path: request.path ?? "", body: bytes),
                                     at: now, expiresAt: now.addingTimeInterval(IdempotencyClaim.window))
        switch try await keys.claim(claim) {
        case .claimed: break
        case .replay(let stored): return Self.replay(stored)
        case .inFlight: throw PatronError.idempotencyKeyInFlight
        case .reused: throw PatronError.idempotencyKeyReused
        }
        let (response, responseBody): (HTTPResponse, HTTPBody?)
        do {
            (response, responseBody) = try await next(request, body == nil ? nil : HTTPBody(bytes), metadata)
        } catch {
            try? await keys.release(claim)
            throw error
        }
        guard Self.isStored(response.status) else {
            try await keys.release(claim)
            return (response, responseBody)
        }
        var collected: Data?
        if let responseBody { collected = try await Data(collecting: responseBody, upTo: Self.maxStoredResponseBytes) }
        try await keys.complete(claim, with: StoredResponse(status: response.status.code,
                                                            headers: response.headerFields.map { [$0.name.canonicalName, $0.value] },
                                                            body: collected))
        return (response, collected.map { HTTPBody($0) })
    }

    static func isStored(_ status: HTTPResponse.Status) -> Bool {
        status.code < 500 && ![401, 403, 429].contains(status.code)
    }

    static func scope(of caller: Caller) -> String? {
        switch caller.identity {
        case .staff(let member): "staff:\(member.id.uuidString.lowercased())"
        case .apiKey(let key): "api_key:\(key.id.uuidString.lowercased())"
        case .system: nil
        }
    }

    static func replay(_ stored: StoredResponse) -> (HTTPResponse, HTTPBody?) {
        var fields = HTTPFields()
        for pair in stored.headers where pair.count == 2 {
            if let name = HTTPField.Name(pair[0]) { fields.append(HTTPField(name: name, value: pair[1])) }
        }
        fields[replayedHeader] = "true"
        return (HTTPResponse(status: .init(code: stored.status), headerFields: fields), stored.body.map { HTTPBody($0) })
    }
}
