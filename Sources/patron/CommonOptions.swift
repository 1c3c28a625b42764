import ArgumentParser
import Foundation
import Logging
import PatronCore
import PatronStorage

/// Options every command shares; each falls back to its `PATRON_*` environment variable.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: "A file path, sqlite:PATH or postgres://… URL (env PATRON_DATABASE_URL; default ./patron.sqlite).")
    var databaseURL: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (env PATRON_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(help: "Where the master key is kept when PATRON_MASTER_KEY is not set (env PATRON_KEY_FILE; default: beside the SQLite file, else ./patron.key).")
    var keyFile: String?

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    func database() throws -> DatabaseURL {
        try DatabaseURL(databaseURL ?? Self.environment["PATRON_DATABASE_URL"])
    }

    func logger(label: String = "patron") throws -> Logger {
        let raw = logLevel ?? Self.environment["PATRON_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: raw.lowercased()) else {
            throw ValidationError("unknown log level '\(raw)'; use trace, debug, info, notice, warning, error or critical")
        }
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    func keyFilePath(for database: DatabaseURL) -> String {
        keyFile ?? Self.environment["PATRON_KEY_FILE"] ?? {
            if case .sqlite(let file) = database {
                return URL(fileURLWithPath: file).deletingPathExtension().appendingPathExtension("key").path
            }
            return "./patron.key"
        }()
    }

    /// The master key; a missing key file is created only when the database holds no sealed data yet.
    func masterKey(for database: DatabaseURL) async throws -> MasterKey {
        let path = keyFilePath(for: database)
        let environment = Self.environment["PATRON_MASTER_KEY"]
        if (environment ?? "").isEmpty, !FileManager.default.fileExists(atPath: path) {
            var logger = Logger(label: "patron")
            logger.logLevel = .warning
            return try await reportingErrors {
                try await Database.withOpen(database, logger: logger) { opened in
                    try await MasterKey.load(environment: environment, keyFile: path, guarding: opened)
                }
            }
        }
        return try await reportingErrors { try MasterKey.load(environment: environment, keyFile: path) }
    }

    /// What a command needs of the schema before it works on the database.
    enum Schema: Sendable {
        /// Bring it up to date first (most commands).
        case migrate
        /// Refuse a database migrated by a newer Patron, change nothing.
        case compatible
        /// Leave it as it is: for commands that report on it (`migrate --status`, `doctor`).
        case asFound
    }

    /// The one path by which a command opens the database: readies the schema as `schema` says, runs `body`,
    /// closes the database, and reports a domain error as a one-line message.
    func withDatabase<T: Sendable>(_ schema: Schema = .migrate, _ body: @Sendable (Database, Logger) async throws -> T) async throws -> T {
        let logger = try logger()
        let url = try database()
        return try await reportingErrors {
            try await Self.open(url, schema: schema, logger: logger, body)
        }
    }

    /// Opens `url` and readies its schema; for commands that pick their own database (the benchmarks).
    static func open<T: Sendable>(_ url: DatabaseURL, schema: Schema = .migrate, logger: Logger,
                                  _ body: @Sendable (Database, Logger) async throws -> T) async throws -> T {
        try await Database.withOpen(url, logger: logger) { database in
            switch schema {
            case .migrate: try await Migrator(database, logger: logger).apply()
            case .compatible: try await Migrator(database, logger: logger).checkCompatible()
            case .asFound: break
            }
            return try await body(database, logger)
        }
    }

    /// The migrated database with its data keys loaded and every domain service built from the composition
    /// root, for commands that act on data. They call the services as `Caller.system("patron <command>")`, so
    /// the command line passes the same checks as the API and the console.
    func withServices<T: Sendable>(_ body: @Sendable (Workspace) async throws -> T) async throws -> T {
        let logger = try logger()
        let url = try database()
        let key = try await masterKey(for: url)
        return try await reportingErrors {
            try await Self.open(url, logger: logger) { database, logger in
                let cipher = try await FieldCipher.load(key, database: database)
                let services = try await PatronServices(database: database, cipher: cipher, hasher: BcryptPasswordHasher(),
                                                        signIn: .init(addresses: nil))
                return try await body(Workspace(database: database, cipher: cipher, services: services, logger: logger))
            }
        }
    }

    /// What `withServices` hands a command: the services, and for the bulk importers and key rotation, which
    /// write in batches below the services, the database and its cipher.
    struct Workspace: Sendable {
        let database: Database
        let cipher: FieldCipher
        let services: PatronServices
        let logger: Logger
    }
}

/// Runs a command body and turns a domain error into a one-line message and a non-zero exit.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as PatronError {
        throw CLIError(message: error.message)
    }
}

struct CLIError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
