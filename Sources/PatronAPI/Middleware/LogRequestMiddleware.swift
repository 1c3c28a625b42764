import Hummingbird
import Logging

/// One structured line per request: method, route template, status and duration. Paths, query strings and
/// bodies are left out on purpose because they can carry personal data (mobile numbers, names). Requests
/// whose client went away (499) are logged at debug level: they are noise, not a server fault.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        context.logger.log(level: response.status.code == ClientDisconnect.status.code ? .debug : .info, "request", metadata: [
            "http.method": .string(request.method.rawValue),
            "http.route": .string(context.endpointPath ?? "NotFound"),
            "http.status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible(Double(elapsed.components.seconds) * 1_000
                                              + Double(elapsed.components.attoseconds) / 1e15),
        ])
        return response
    }
}
