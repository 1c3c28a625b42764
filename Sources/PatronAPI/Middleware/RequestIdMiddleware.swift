import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id, echoed in `X-Request-Id` and attached to every log line, so a support call
/// can be traced through the logs. A sane id from a proxy is kept; anything else is replaced.
struct RequestIdMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let incoming = request.headers[Self.header]
        let id = incoming.flatMap { value in
            value.count <= 64 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } ? value : nil
        } ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await RequestScope.$requestId.withValue(id) { try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }
}
