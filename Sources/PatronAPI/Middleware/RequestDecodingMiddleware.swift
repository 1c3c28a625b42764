import Foundation
import Hummingbird
import OpenAPIRuntime
import PatronCore

/// Turns the OpenAPI layer's complaints about an unreadable request into answers that name the culprit:
/// a query or path parameter that does not parse is 400 `invalid_parameter` naming it; a body field of the
/// wrong type, out of `Int64` or not an RFC 3339 time is 422 naming its JSON path, never "the request body
/// is not valid JSON", and no message shows a Swift type name. Sits inside `BodyLimitMiddleware`, which has
/// already buffered the body.
struct RequestDecodingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError where error.operationInput == nil {
            var request = request
            let body = try? await request.collectBody(upTo: .max)
            throw RequestDecodingFailure.classify(error, query: request.uri.queryParameters.map { (String($0.key), String($0.value)) }, body: body.map { Data($0.readableBytesView) }) ?? error
        }
    }
}
