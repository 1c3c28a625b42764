import Foundation
import HTTPTypes
import Hummingbird

/// Puts the client's address in `RequestScope.clientAddress`: the TCP peer, or — only when configured to
/// trust a reverse proxy — the last `X-Forwarded-For` entry, the one that proxy appended. The address is
/// used for limits only and never logged.
struct ClientAddressMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    static var forwardedFor: HTTPField.Name { HTTPField.Name("X-Forwarded-For")! }
    let trustForwardedFor: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var address = context.remoteAddress?.ipAddress
        if trustForwardedFor {
            let entries = request.headers[values: Self.forwardedFor].flatMap { $0.split(separator: ",") }
            if let last = entries.last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64 {
                address = last
            }
        }
        return try await RequestScope.$clientAddress.withValue(address) { try await next(request, context) }
    }
}
