import Foundation
import HTTPTypes
import OpenAPIRuntime
import PatronCore
import PatronStorage

/// Deny by default: every operation needs a valid bearer token unless it is listed in `publicOperations`.
/// Runs inside the OpenAPI layer, so it knows the operation id and never sees unknown routes.
struct AuthMiddleware: ServerMiddleware {
    static let publicOperations: Set<String> = ["getHealth", "getReady", "getMetrics", "getOpenAPISpec", "login"]

    let staff: any StaffRepository

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        if Self.publicOperations.contains(operationID) {
            return try await next(request, body, metadata)
        }
        guard let token = Self.bearerToken(request) else {
            throw PatronError.unauthenticated(message: "this operation needs an Authorization: Bearer token from POST /auth/login")
        }
        let digest = Credentials.digest(token: token)
        guard let member = try await staff.findSession(tokenDigest: digest, at: Date()) else {
            throw PatronError.unauthenticated(message: "the token is unknown, expired or revoked; sign in again")
        }
        return try await Principal.$current.withValue(Principal(member: member, tokenDigest: digest)) {
            try await next(request, body, metadata)
        }
    }

    static func bearerToken(_ request: HTTPRequest) -> String? {
        guard let header = request.headerFields[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.count > 200 ? nil : token
    }
}
