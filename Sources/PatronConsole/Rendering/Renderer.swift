import Foundation
import Mustache
import PatronCore

/// Renders a page: the page's template inside the one layout, with the language's catalogue as `t`, the
/// signed-in member, the navigation they may use, and the CSRF token every form includes.
struct Renderer: Sendable {
    let library: MustacheLibrary
    let catalogues: [ConsoleLanguage: Catalogue]
    let format: ConsoleFormat

    /// Loads templates and catalogues from the module's resources once, at start.
    static func load(timeZone: TimeZone) async throws -> Renderer {
        guard let root = resourcesRoot else { throw ResourcesMissing() }
        let library = try await MustacheLibrary(directory: root.appendingPathComponent("templates").path)
        var catalogues: [ConsoleLanguage: Catalogue] = [:]
        for language in ConsoleLanguage.allCases {
            catalogues[language] = try Catalogue(directory: root.appendingPathComponent("i18n/\(language.rawValue)"))
        }
        return Renderer(library: library, catalogues: catalogues, format: ConsoleFormat(timeZone: timeZone))
    }

    struct ResourcesMissing: Error {}

    /// The copied `Resources` folder; `bundleURL`, because on Linux `resourceURL` may already point inside it.
    static var resourcesRoot: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources") }

    func catalogue(_ language: ConsoleLanguage) -> Catalogue {
        catalogues[language] ?? catalogues[.zhCN]!
    }

    /// `chrome` is nil on pages shown before sign-in.
    func render(_ template: String, title: String, data: [String: Any], language: ConsoleLanguage, chrome: [String: Any]?) -> String {
        var context: [String: Any] = [
            "t": catalogue(language).tree,
            "lang": language.rawValue,
            "title": title,
            "page": data,
        ]
        if let chrome { context["chrome"] = chrome }
        return library.render(context, withTemplate: template) ?? ""
    }
}
