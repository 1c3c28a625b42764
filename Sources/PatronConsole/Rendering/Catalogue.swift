import Foundation

/// Every visible string of the console in one language, read from the files of `Resources/i18n/<language>/`
/// (one per area of the console, merged; an area's top-level keys are its own). The nested JSON is handed
/// to templates as `t`, so `{{t.customers.title}}` reads `customers` → `title`; Swift code looks up the same
/// keys with dots.
final class Catalogue: @unchecked Sendable {
    /// Immutable after `init`, hence safe to share.
    let tree: [String: Any]
    let flat: [String: String]

    init(directory: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var tree: [String: Any] = [:]
        for url in files {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
            guard let part = object as? [String: Any] else { throw CatalogueError.notAnObject(url.lastPathComponent) }
            for (key, value) in part {
                guard tree[key] == nil else { throw CatalogueError.duplicateKey(key, url.lastPathComponent) }
                tree[key] = value
            }
        }
        self.tree = tree
        var flat: [String: String] = [:]
        Self.flatten(tree, prefix: "", into: &flat)
        self.flat = flat
    }

    static func flatten(_ tree: [String: Any], prefix: String, into flat: inout [String: String]) {
        for (key, value) in tree {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let text = value as? String { flat[path] = text } else if let group = value as? [String: Any] { flatten(group, prefix: path, into: &flat) }
        }
    }

    /// The text for `key` with `{name}` placeholders filled; the key itself when missing, which the catalogue
    /// test rules out.
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = flat[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    enum CatalogueError: Error { case notAnObject(String), duplicateKey(String, String) }
}
