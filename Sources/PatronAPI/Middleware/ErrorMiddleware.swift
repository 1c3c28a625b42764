import Hummingbird
import Logging

/// Catches every error below it and answers with the JSON error body; 5xx failures are logged with the
/// request id (never with request bodies, which may hold personal data). A client that disconnected
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
                context.logger.error("request failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))",
                                                                  "error": "\(String(describing: error).prefix(500))"])
            }
            return mapped.response()
        }
    }
}
