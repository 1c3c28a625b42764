import Foundation
import Hummingbird
import OpenAPIRuntime
import NIOCore
import PatronCore

/// Turns the OpenAPI layer's complaints about an unreadable request into answers that name the culprit:
/// a query or path parameter that does not parse is 400 `invalid_parameter` naming it; a body field of the
/// wrong type, out of `Int64` or not an RFC 3339 time is 422 naming its JSON path, never "the request body
/// is not valid JSON", and no message shows a Swift type name. Sits inside `BodyLimitMiddleware`, which has
/// already buffered the body.
/// The JSON escape of a NUL character, searched for in every body without copying it.
private let escapedNUL = Array("\\u0000".utf8)

struct RequestDecodingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: .max)
        let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
        try Self.refuseNUL(path: request.uri.path, query: query, body: body)
        do {
            return try await next(request, context)
        } catch let error as ServerError where error.operationInput == nil {
            throw RequestDecodingFailure.classify(error, query: query, body: Data(body.readableBytesView)) ?? error
        }
    }

    /// No text Patron keeps may hold a NUL character: PostgreSQL cannot store one, and no name, code or note
    /// needs one. Refused here, by name, before any handler sees it; in the path it names no record (404).
    static func refuseNUL(path: String, query: [(name: String, value: String)], body: ByteBuffer) throws {
        if path.lowercased().contains("%00") || path.contains("\u{0}") {
            throw APIError(status: .notFound, code: "not_found", message: "no record has a NUL character in its identifier")
        }
        if let bad = query.first(where: { $0.name.contains("\u{0}") || $0.value.contains("\u{0}") }) {
            throw APIError(status: .badRequest, code: "invalid_parameter", message: "the query parameter \(bad.name) holds a NUL character", field: bad.name)
        }
        let view = body.readableBytesView
        if view.contains(0) || view.firstRange(of: escapedNUL) != nil {
            let field = JSONPathScanner.firstStringWithNUL(in: Array(view))
            throw APIError(status: .unprocessableContent, code: "invalid_value", message: "\(field ?? "a text") must not hold a NUL character", field: field)
        }
    }
}
