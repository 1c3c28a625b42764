import Hummingbird
import Logging
import OpenAPIRuntime
import PatronCore

/// Catches every error below it and answers with the JSON error body; 5xx failures are logged with the
/// request id (never with request bodies, which may hold personal data, nor with request heads, which hold
/// credentials: a `ServerError` describes itself with the whole request, so only its cause is logged, and
/// every logged text passes `LogRedaction` as well). A client that disconnected
/// mid-request gets 499 and a debug line instead (`ClientDisconnect`).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if ClientDisconnect.caused(error) {
                context.logger.debug("client closed the connection before the response",
                                     metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
                return APIError.clientClosed.response()
            }
            let mapped = APIError.from(error)
            if mapped.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error.type": "\(String(reflecting: type(of: Self.cause(of: error))))",
                                                                  "error": "\(LogRedaction.redact(Self.describe(error)).prefix(500))"])
            }
            var response = mapped.response()
            if let into = mapped.mergedInto {
                response.headers[.location] = Self.path(request.uri.path, redirectedTo: into)
            }
            return response
        }
    }

    /// The same sub-resource of the surviving customer: `/customers/{old}/points` → `/customers/{into}/points`.
    static func path(_ path: String, redirectedTo into: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let index = segments.firstIndex(of: "customers"), index + 1 < segments.count else { return "/customers/\(into)" }
        segments[index + 1] = into
        return segments.joined(separator: "/")
    }

    /// The innermost error, past the OpenAPI layer's wrappers.
    static func cause(of error: any Error) -> any Error {
        if let server = error as? ServerError { return cause(of: server.underlyingError) }
        return error
    }

    /// What went wrong without the request that carried it.
    static func describe(_ error: any Error) -> String {
        if let server = error as? ServerError {
            return "\(server.operationID): \(server.causeDescription): \(describe(server.underlyingError))"
        }
        return String(describing: error)
    }
}
