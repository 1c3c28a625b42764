import Foundation
import Testing

/// The console's words live only in its catalogues: both languages hold the same keys, none empty, every key
/// is used and every key used exists, and no template shows a word of its own. Reads the sources, so it
/// needs no database and fails naming the file and the text.
struct ConsoleCatalogueTests {
    static let console = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PatronConsole")
    static let resources = console.appendingPathComponent("Resources")

    @Test func bothLanguagesHaveTheSameKeysAndNoEmptyText() throws {
        let english = try Self.catalogue("en")
        let chinese = try Self.catalogue("zh-CN")
        #expect(!english.isEmpty)
        #expect(Set(english.keys).subtracting(chinese.keys).sorted() == [], "only in en")
        #expect(Set(chinese.keys).subtracting(english.keys).sorted() == [], "only in zh-CN")
        for (language, catalogue) in [("en", english), ("zh-CN", chinese)] {
            let empty = catalogue.filter { $0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.keys.sorted()
            #expect(empty == [], "empty text in \(language)")
        }
    }

    @Test func everyKeyIsUsedAndEveryUsedKeyExists() throws {
        let keys = Set(try Self.catalogue("en").keys)
        let templates = try Self.files("templates", ending: ".mustache")
        let swift = try Self.files("", ending: ".swift", under: Self.console)

        var referenced: [String: String] = [:]
        for (name, text) in templates {
            for key in Self.matches(#"\{\{\s*[#^/&{]?\s*t\.([A-Za-z0-9_.]+)\s*\}"#, in: text) { referenced[key] = name }
        }
        var literals = Set<String>()
        var prefixes = Set<String>()
        var words = Set<String>()
        var middles = Set<String>()
        for (name, text) in swift {
            for key in Self.matches(#"(?:text|titleKey:|errorKey:|key:)\s*\(?\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)""#, in: text) {
                referenced[key] = name
            }
            literals.formUnion(Self.matches(#""([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)""#, in: text))
            // "order_status.\(status.rawValue)": the whole group is used.
            prefixes.formUnion(Self.matches(#""([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.)\\\("#, in: text))
            // "\(area).errors.\(field)" with area: "customer_form": the group `customer_form.errors` is used.
            words.formUnion(Self.matches(#""([a-z][a-z0-9_]*)""#, in: text))
            middles.formUnion(Self.matches(#"\)\.([a-z0-9_]+)\.\\\("#, in: text))
        }
        for word in words {
            for middle in middles { prefixes.insert("\(word).\(middle).") }
        }

        let missing = referenced.filter { !keys.contains($0.key) }.map { "\($0.value): \($0.key)" }.sorted()
        #expect(missing == [], "used but not in the catalogues")
        let used = Set(referenced.keys).union(literals)
        let unused = keys.filter { key in !used.contains(key) && !prefixes.contains { key.hasPrefix($0) } }.sorted()
        #expect(unused == [], "in the catalogues but used nowhere")
    }

    @Test func templatesShowNoWordsOfTheirOwn() throws {
        for (name, template) in try Self.files("templates", ending: ".mustache") {
            for word in Self.literalAttributes(template) {
                Issue.record("\(name): attribute with literal text, use {{t.…}}: \(word)")
            }
            let left = Self.visibleText(template)
            #expect(left.isEmpty, "\(name): visible text outside the catalogues: \(left.joined(separator: " | "))")
        }
    }

    @Test func theCheckCatchesLiteralWords() {
        #expect(Self.visibleText("<p>{{t.a.b}}</p><p>Save</p>") == ["Save"])
        #expect(Self.visibleText("<h2>保存 {{x}}</h2>") == ["保存"])
        #expect(Self.visibleText("<!-- a note --><script>var x;</script><p>{{! mustache note }}&nbsp;· 1,234 ({{y}})</p>") == [])
        #expect(Self.literalAttributes(#"<input placeholder="Mobile"><img alt="{{t.a}}"><a title="{{t.b}} x">"#) == [#"placeholder="Mobile""#, #"title="{{t.b}} x""#])
    }

    // MARK: - Reading the sources

    /// One language's catalogue, its files merged and flattened to dotted keys.
    static func catalogue(_ language: String) throws -> [String: String] {
        var flat: [String: String] = [:]
        for (name, text) in try files("i18n/\(language)", ending: ".json") {
            guard let tree = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                Issue.record("\(name) is not a JSON object")
                continue
            }
            flatten(tree, prefix: "", into: &flat)
        }
        return flat
    }

    static func flatten(_ tree: [String: Any], prefix: String, into flat: inout [String: String]) {
        for (key, value) in tree {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let text = value as? String {
                flat[path] = text
            } else if let group = value as? [String: Any] {
                flatten(group, prefix: path, into: &flat)
            } else {
                Issue.record("\(path) is neither text nor a group")
            }
        }
    }

    /// The files under `folder` (recursively) whose names end with `ending`, by path relative to the console.
    static func files(_ folder: String, ending: String, under root: URL = resources) throws -> [(String, String)] {
        let base = folder.isEmpty ? root : root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(ending) {
            found.append((url.path.replacingOccurrences(of: console.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
        }
        #expect(!found.isEmpty, "no \(ending) files under \(base.path)")
        return found.sorted { $0.0 < $1.0 }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }

    static func replacing(_ pattern: String, in text: String, with replacement: String = " ") -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators, .caseInsensitive]) else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
    }

    // MARK: - What a reader would see

    /// Attributes a reader sees or hears whose value has words outside `{{…}}`.
    static func literalAttributes(_ template: String) -> [String] {
        let pattern = #"\b(?:placeholder|title|aria-label|alt)="[^"]*""#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: .caseInsensitive) else { return [] }
        return regex.matches(in: template, range: NSRange(template.startIndex..., in: template)).compactMap { match in
            guard let range = Range(match.range, in: template) else { return nil }
            let attribute = String(template[range])
            let value = replacing(#"\{\{.*?\}\}\}?"#, in: String(attribute.drop { $0 != "\"" }))
            return value.contains { $0.isLetter } ? attribute : nil
        }
    }

    /// The words left in a template once mustache tags, comments, scripts, styles, HTML tags, entities,
    /// digits and punctuation are gone; empty when every word comes from a catalogue or the data.
    static func visibleText(_ template: String) -> [String] {
        var text = replacing(#"\{\{!.*?\}\}"#, in: template)
        text = replacing(#"\{\{\{.*?\}\}\}"#, in: text)
        text = replacing(#"\{\{.*?\}\}"#, in: text)
        text = replacing(#"<!--.*?-->"#, in: text)
        text = replacing(#"<script\b.*?</script\s*>"#, in: text)
        text = replacing(#"<style\b.*?</style\s*>"#, in: text)
        text = replacing(#"<[^>]*>"#, in: text)
        text = replacing(#"&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);"#, in: text)
        return text.split { !$0.isLetter }.map(String.init)
    }
}
