import Foundation
import Hummingbird

/// The OpenAPI runtime percent-encodes header values as URI components, which turns a `Location` path into
/// `%2Fcustomers%2F…`. Redirects must carry a usable path, so this restores it.
struct LocationHeaderMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let location = response.headers[.location], location.contains("%"), let decoded = location.removingPercentEncoding {
            response.headers[.location] = decoded
        }
        return response
    }
}
