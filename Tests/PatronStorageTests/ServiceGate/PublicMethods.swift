import Foundation

/// Reads the domain services' source and lists the public methods of each, by Swift signature
/// (`find(_:by:)`), so `ServiceGateTests` fails when a method is added without being walked. Reading the
/// source rather than a hand-kept list is the point: nobody has to remember to update it.
enum PublicMethods {
    static let coreSources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PatronCore")

    /// Types that gate domain operations besides those named `…Service`.
    static let queryTypes: Set<String> = ["OrderQueries", "AuditQueries"]

    /// Service name → its public method signatures, from `Service.swift` and any `Service+….swift`.
    static func ofServices() throws -> [String: Set<String>] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: coreSources.path).filter { $0.hasSuffix(".swift") }
        let names = Set(files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            .filter { $0.hasSuffix("Service") || queryTypes.contains($0) })
        var result: [String: Set<String>] = [:]
        for file in files {
            let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            guard let service = names.first(where: { base == $0 || base.hasPrefix($0 + "+") }) else { continue }
            let text = try String(contentsOf: coreSources.appendingPathComponent(file), encoding: .utf8)
            result[service, default: []].formUnion(signatures(in: text))
        }
        return result
    }

    /// `name(label:label:)` of every `public func` in `source`.
    static func signatures(in source: String) -> [String] {
        var found: [String] = []
        var rest = Substring(source)
        while let start = rest.range(of: "public func ") {
            rest = rest[start.upperBound...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard let open = rest.firstIndex(of: "(") else { break }
            let parameters = balanced(rest[open...])
            found.append("\(name)(\(labels(of: parameters).map { "\($0):" }.joined()))")
        }
        return found
    }

    /// The text inside the parentheses that open `text`.
    static func balanced(_ text: Substring) -> Substring {
        var depth = 0
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return text[text.index(after: text.startIndex)..<index] }
            default: break
            }
        }
        return text
    }

    /// The argument labels of a parameter list: a parameter's first word, or `_`.
    static func labels(of parameters: Substring) -> [String] {
        var labels: [String] = []
        var depth = 0
        var current = ""
        func finish() {
            let head = current.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            if let label = head.split(whereSeparator: \.isWhitespace).first { labels.append(String(label)) }
            current = ""
        }
        var previous: Character = " "
        for character in parameters {
            switch character {
            case "(", "[", "<": depth += 1
            case ")", "]": depth -= 1
            case ">" where previous != "-": depth -= 1
            case "," where depth == 0:
                finish()
                previous = character
                continue
            default: break
            }
            current.append(character)
            previous = character
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { finish() }
        return labels
    }
}
