import Foundation
import HTTPTypes
import Hummingbird

/// `Server-Timing: app;dur=<ms>` on every console page: the time the server spent from the request reaching
/// the console to the rendered page, so `patron bench console` (or a browser's developer tools) can tell the
/// server's share from the network's. Pages are rendered whole before they are returned, so this covers
/// the services, the database and the template. Only on GET: sign-in and other forms need no timing, and a
/// password check's duration is better not announced.
struct ServerTiming<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get else { return try await next(request, context) }
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[.serverTiming] = "app;dur=" + String(format: "%.3f", milliseconds)
        return response
    }
}

extension HTTPField.Name {
    static let serverTiming = Self("Server-Timing")!
}
