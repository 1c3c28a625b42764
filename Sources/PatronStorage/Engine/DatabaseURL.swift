import Foundation
import PatronCore

/// Where the data lives, parsed from `PATRON_DATABASE_URL`. A bare path or a `sqlite:` URL selects the
/// embedded engine; `postgres://` (or `postgresql://`) selects PostgreSQL for multi-instance deployments.
public enum DatabaseURL: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultPath = "./patron.sqlite"

    public init(_ raw: String?) throws(PatronError) {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            self = .sqlite(path: Self.defaultPath)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw .invalid(field: "PATRON_DATABASE_URL", message: "a sqlite: URL needs a file path, e.g. sqlite:./patron.sqlite")
            }
            self = .sqlite(path: path)
        } else if text.contains("://") {
            throw .invalid(field: "PATRON_DATABASE_URL", message: "unsupported database URL scheme in '\(Self.redacted(text))'; use a file path, sqlite: or postgres://")
        } else {
            self = .sqlite(path: text)
        }
    }

    public var engine: Engine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Safe to log: a PostgreSQL password is replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): Self.redacted(url)
        }
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://***"
    }

    /// `host:port` of a PostgreSQL URL, or the SQLite path: what error messages name.
    var redactedHost: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            let components = URLComponents(string: url)
            return "\(components?.host ?? "localhost"):\(components?.port ?? 5432)"
        }
    }

    /// The PostgreSQL database the URL names.
    var databaseName: String? {
        guard case .postgres(let url) = self, let path = URLComponents(string: url)?.path, path.count > 1 else { return nil }
        return String(path.dropFirst())
    }

    public enum Engine: String, Sendable {
        case sqlite, postgres
    }
}
