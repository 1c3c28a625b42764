import Foundation
import Yams

/// The served contract, read from `openapi.yaml`, so that the hostile-input test covers every write operation
/// there is — one added later included — without a list to keep up to date.
/// Immutable once loaded, so it may cross into the test server's tasks.
struct SpecWalker: @unchecked Sendable {
    struct Operation: @unchecked Sendable {
        var id: String
        var method: String
        var path: String
        var body: [String: Any]?
    }

    let document: [String: Any]

    static func load() throws -> SpecWalker {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/PatronOpenAPI/openapi.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let document = try Yams.load(yaml: text) as? [String: Any] else { throw SpecError() }
        return SpecWalker(document: document)
    }

    struct SpecError: Error {}

    var writeOperations: [Operation] {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        var result: [Operation] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            for method in ["post", "put", "patch", "delete"] {
                guard let operation = item[method] as? [String: Any], let id = operation["operationId"] as? String else { continue }
                let body = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                result.append(Operation(id: id, method: method.uppercased(), path: path, body: body?["schema"] as? [String: Any]))
            }
        }
        return result
    }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String else { return schema }
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)] ?? [:]
        }
        return resolve(node as? [String: Any] ?? [:])
    }

    /// A value for `schema`: mostly plausible, with one hostile value somewhere, so the request gets past the
    /// first check and reaches deeper code.
    func value(for raw: [String: Any], ids: [String], random: inout some RandomNumberGenerator, depth: Int = 0) -> HostileJSON {
        let schema = resolve(raw)
        let hostile = Int.random(in: 0..<4, using: &random) == 0
        if let choices = (schema["oneOf"] ?? schema["anyOf"]) as? [[String: Any]], let pick = choices.randomElement(using: &random) {
            return value(for: pick, ids: ids, random: &random, depth: depth)
        }
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [String])?.first { $0 != "null" }) ?? (schema["properties"] != nil ? "object" : "string")
        switch type {
        case "object":
            guard depth < 5 else { return .object([]) }
            let required = Set(schema["required"] as? [String] ?? [])
            var members: [(String, HostileJSON)] = []
            for (name, property) in (schema["properties"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard required.contains(name) || Bool.random(using: &random), let property = property as? [String: Any] else { continue }
                members.append((name, value(for: property, ids: ids, random: &random, depth: depth + 1)))
            }
            if let extra = schema["additionalProperties"] as? [String: Any], Bool.random(using: &random) {
                members.append(("k\(Int.random(in: 0..<9, using: &random))", value(for: extra, ids: ids, random: &random, depth: depth + 1)))
            }
            if hostile && Bool.random(using: &random) { members.append(("unexpected", .raw("null"))) }
            return .object(members)
        case "array":
            let count = hostile ? Int.random(in: 0...8, using: &random) : Int.random(in: 1...2, using: &random)
            let items = schema["items"] as? [String: Any] ?? [:]
            return .array((0..<count).map { _ in value(for: items, ids: ids, random: &random, depth: depth + 1) })
        case "integer", "number":
            if !hostile, let minimum = schema["minimum"] as? Int, let maximum = schema["maximum"] as? Int, minimum <= maximum {
                return .raw(String(Int.random(in: minimum...min(maximum, minimum + 5_000), using: &random)))
            }
            return .raw(HostileValues.integers.randomElement(using: &random)!)
        case "boolean":
            return hostile ? .string("true") : .raw(Bool.random(using: &random) ? "true" : "false")
        default:
            if let choices = schema["enum"] as? [Any], !hostile, let pick = choices.randomElement(using: &random) {
                return .string("\(pick)")
            }
            switch schema["format"] as? String {
            case "uuid":
                if !hostile, let id = ids.randomElement(using: &random) { return .string(id) }
                return Bool.random(using: &random) ? .string(UUID().uuidString.lowercased()) : HostileValues.strings.randomElement(using: &random)!
            case "date-time":
                return HostileValues.dates.randomElement(using: &random)!
            case "date":
                return [.string("1990-02-29"), .string("1990-01-31"), .string("2999-01-01"), .string("壬午年")].randomElement(using: &random)!
            default:
                if !hostile { return .string("Test \(Int.random(in: 100...999, using: &random))") }
                return HostileValues.strings.randomElement(using: &random)!
            }
        }
    }
}
