import Foundation

/// The console's two languages. Chinese first: the first chains are Chinese.
public enum ConsoleLanguage: String, CaseIterable, Sendable {
    case zhCN = "zh-CN"
    case en

    /// Picks the first supported language of an `Accept-Language` header, honouring q-values.
    static func negotiate(_ header: String?) -> ConsoleLanguage? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").prefix(20).compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag, quality)
        }.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
        for (tag, _) in ranked {
            if tag.hasPrefix("zh") { return .zhCN }
            if tag.hasPrefix("en") { return .en }
        }
        return nil
    }

    var other: ConsoleLanguage { self == .zhCN ? .en : .zhCN }
}
