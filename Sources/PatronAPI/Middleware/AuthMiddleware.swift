import Foundation
import HTTPTypes
import OpenAPIRuntime
import PatronCore
import PatronStorage

/// Deny by default: resolves the bearer secret (a staff session or an integration's API key) into a
/// `Caller` and checks the operation's requirement from `RoutePolicy` before the handler runs. Runs inside
/// the OpenAPI layer, so it knows the operation id and never sees unknown routes.
struct AuthMiddleware: ServerMiddleware {
    let authenticator: Authenticator

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        guard let requirement = RoutePolicy.requirements[operationID] else {
            throw PatronError.forbidden(message: "the operation \(operationID) declares no permission and is refused")
        }
        if requirement == .open {
            return try await next(request, body, metadata)
        }
        guard let secret = Self.bearerToken(request) else {
            throw PatronError.unauthenticated(message: "this operation needs an Authorization: Bearer token from POST /auth/login")
        }
        let authenticated = try await authenticator.authenticate(secret, via: .api)
        let caller = authenticated.caller
        if case .anyOf(let permissions) = requirement {
            guard permissions.contains(where: caller.grants.holds) else {
                throw PatronError.forbidden(message: "this needs one of the permissions \(permissions.map(\.rawValue).joined(separator: ", "))")
            }
        } else {
            for permission in requirement.permissions {
                try caller.require(permission)
            }
        }
        return try await RequestScope.$caller.withValue(caller) {
            try await RequestScope.$sessionDigest.withValue(authenticated.sessionDigest) {
                try await next(request, body, metadata)
            }
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
