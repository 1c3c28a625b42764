import Hummingbird
import PatronCore

/// Refuses request bodies over the configured size with 413 before any handler buffers them; a declared
/// `Content-Length` is checked up front, a streamed body as it arrives.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw PatronError.payloadTooLarge(limitBytes: maxBytes)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw PatronError.payloadTooLarge(limitBytes: maxBytes)
        }
        return try await next(request, context)
    }
}
