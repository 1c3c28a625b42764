import Foundation
import HTTPTypes
import OpenAPIRuntime

/// What an unreadable request was wrong about, in the API's words: the query parameter or the JSON path, and
/// what its value should have been. Used by `RequestDecodingMiddleware`.
enum RequestDecodingFailure {
    static func classify(_ error: ServerError, query: [(name: String, value: String)], body: Data?) -> APIError? {
        let description = error.causeDescription
        if let name = Self.quotedName(after: "query parameter named: ", in: description)
            ?? Self.quotedName(after: "header field named '", in: description) {
            return APIError(status: .badRequest, code: "invalid_parameter", message: "\(name) is required", field: name)
        }
        guard let decoding = Self.decodingError(in: error.underlyingError) else { return nil }
        let context: DecodingError.Context? = switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context
        case .keyNotFound(_, let context): context
        @unknown default: nil
        }
        let path = context.map { Self.path($0.codingPath) } ?? ""
        let detail = context?.debugDescription ?? ""
        let isTime = detail.hasPrefix(RFC3339DateTranscoder.failurePrefix)
        let badTime = isTime ? String(detail.dropFirst(RFC3339DateTranscoder.failurePrefix.count)) : nil
        if path.isEmpty, let parameter = Self.parameter(in: query, for: decoding, badTime: badTime) {
            return APIError(status: .badRequest, code: "invalid_parameter",
                            message: "the query parameter \(parameter.name) \(parameter.expectation)", field: parameter.name)
        }
        if let badTime {
            let field = path.isEmpty ? body.flatMap { Self.locate(string: badTime, in: $0) } : path
            return APIError(status: .unprocessableContent, code: "invalid_value",
                            message: "\(field ?? "a time") must be an RFC 3339 date-time such as 2026-11-24T22:06:25.250Z or 2026-11-25T06:06:25+08:00",
                            field: field)
        }
        if path.isEmpty, let body, let field = JSONPathScanner.firstNonInteger(in: Array(body)) {
            return APIError(status: .unprocessableContent, code: "invalid_value",
                            message: "\(field) must be a whole number within its documented range", field: field)
        }
        guard !path.isEmpty else { return nil }
        switch decoding {
        case .keyNotFound(let key, _):
            let field = path.isEmpty ? key.stringValue : path + "." + key.stringValue
            return APIError(status: .unprocessableContent, code: "missing_field", message: "\(field) is required", field: field)
        case .valueNotFound:
            return APIError(status: .unprocessableContent, code: "invalid_type", message: "\(path) must not be null", field: path)
        case .typeMismatch(let type, _):
            return APIError(status: .unprocessableContent, code: "invalid_type", message: "\(path) must be \(APIError.jsonTypeName(type))", field: path)
        default:
            return APIError(status: .unprocessableContent, code: "invalid_value", message: "\(path) \(APIError.expectation(detail))", field: path)
        }
    }

    /// The query parameters that are not plain strings, by name: the only ones whose value can fail to decode.
    static let typedParameters: [String: (kind: String, expectation: String)] = [
        "limit": ("integer", "must be a whole number from 1 to 200"),
        "upsert": ("boolean", "must be true or false"),
        "from": ("time", "must be an RFC 3339 date-time such as 2026-11-24T22:06:25.250Z"),
        "to": ("time", "must be an RFC 3339 date-time such as 2026-11-24T22:06:25.250Z"),
    ]

    /// Which query parameter a decoding failure without a path is about: the time that failed, or a typed
    /// parameter whose text cannot be that type.
    static func parameter(in query: [(name: String, value: String)], for error: DecodingError,
                          badTime: String?) -> (name: String, expectation: String)? {
        for (name, value) in query {
            guard let typed = typedParameters[name] else { continue }
            let fails: Bool = switch typed.kind {
            case "time": badTime == value
            case "integer": Int(value).map { !(1...200).contains($0) } ?? true
            default: !["true", "false"].contains(value)
            }
            if fails { return (name, typed.expectation) }
        }
        return nil
    }

    static func decodingError(in error: any Error) -> DecodingError? {
        if let decoding = error as? DecodingError { return decoding }
        if let server = error as? ServerError { return decodingError(in: server.underlyingError) }
        let mirror = Mirror(reflecting: error)
        for child in mirror.children {
            if let decoding = child.value as? DecodingError { return decoding }
        }
        return nil
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { result, key in
            if let index = key.intValue { return result + "[\(index)]" }
            return result.isEmpty ? key.stringValue : result + "." + key.stringValue
        }
    }

    static func quotedName(after marker: String, in text: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let name = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }

    /// The JSON path of the first string value equal to `text`: how a failed time is traced back to its field.
    static func locate(string text: String, in body: Data) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return nil }
        func search(_ node: Any, _ path: String) -> String? {
            if let value = node as? String { return value == text ? path : nil }
            if let object = node as? [String: Any] {
                for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                    if let found = search(child, path.isEmpty ? key : path + "." + key) { return found }
                }
            }
            if let array = node as? [Any] {
                for (index, child) in array.enumerated() {
                    if let found = search(child, path + "[\(index)]") { return found }
                }
            }
            return nil
        }
        return search(root, "")
    }
}
