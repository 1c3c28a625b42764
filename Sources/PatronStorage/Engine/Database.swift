import Foundation
import Logging
import NIOCore
import PatronCore
import PostgresKit
import SQLKit
import SQLiteKit
import ServiceLifecycle

/// The one door to storage. Everything above it speaks SQLKit to `any SQLDatabase`, so the same queries
/// run on the embedded SQLite file and on a PostgreSQL cluster; only connection handling differs, and that
/// difference lives here. Run it as a `Service` so shutdown closes connections after the server drains.
public final class Database: Service, Sendable {
    public let url: DatabaseURL
    private let backend: Backend
    public let logger: Logger

    private enum Backend: Sendable {
        case sqlite(SQLiteConnectionPool, path: String)
        case postgres(PostgresClient)
    }

    private init(url: DatabaseURL, backend: Backend, logger: Logger) {
        self.url = url
        self.backend = backend
        self.logger = logger
    }

    public var engine: DatabaseURL.Engine { url.engine }

    /// The SQLite file behind this database, if it is one.
    public var sqlitePath: String? {
        if case .sqlite(_, let path) = backend { return path }
        return nil
    }

    public static func open(_ url: DatabaseURL, logger: Logger, sqlitePoolSize: Int = 4) async throws -> Database {
        switch url {
        case .sqlite(let path):
            let pool = try await SQLiteConnectionPool.open(path: path, size: sqlitePoolSize, logger: logger)
            return Database(url: url, backend: .sqlite(pool, path: path), logger: logger)
        case .postgres(let raw):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: raw)
            } catch {
                throw PatronError.invalid(field: "PATRON_DATABASE_URL", message: "cannot parse the PostgreSQL URL \(url): \(error)")
            }
            let client = PostgresClient(configuration: .init(configuration.coreConfiguration), backgroundLogger: logger)
            return Database(url: url, backend: .postgres(client), logger: logger)
        }
    }

    /// Keeps the PostgreSQL pool alive; on shutdown closes every connection.
    public func run() async throws {
        switch backend {
        case .postgres(let client):
            await client.run()
        case .sqlite(let pool, _):
            try? await gracefulShutdown()
            await pool.close()
        }
    }

    /// Opens, runs `body` with the pool alive, then closes: for CLI commands that live outside a server.
    public static func withOpen<T: Sendable>(_ url: DatabaseURL, logger: Logger,
                                             _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let database = try await open(url, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            do {
                let result = try await body(database)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Runs read-only work on any connection.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection(forWriting: false, body)
    }

    /// Runs `body` in one transaction: all of it is committed or none. On SQLite writers queue for the
    /// single write lock (`BEGIN IMMEDIATE`), so a transaction never fails half-way on a busy database.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection(forWriting: true) { sql in
            try await sql.raw(SQLQueryString(self.engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")).run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// True when a trivial query succeeds: what `/ready` reports.
    public func isReachable() async -> Bool {
        (try? await read { try await $0.raw("SELECT 1 AS one").first() } ) != nil
    }

    private func withConnection<T: Sendable>(forWriting: Bool,
                                             _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .postgres(let client):
            do {
                return try await client.withConnection { connection in
                    try await body(connection.sql(queryLogLevel: .trace))
                }
            } catch let error as PSQLError where error.code == .connectionError || error.code == .serverClosedConnection {
                throw PatronError.storageUnavailable(message: "PostgreSQL is unreachable")
            }
        case .sqlite(let pool, _):
            if forWriting { await pool.acquireWriteLock() }
            let connection: SQLiteConnection
            do {
                connection = try await pool.lease()
            } catch {
                if forWriting { await pool.releaseWriteLock() }
                throw error
            }
            do {
                let result = try await body(connection.sql(queryLogLevel: .trace))
                await pool.release(connection)
                if forWriting { await pool.releaseWriteLock() }
                return result
            } catch {
                await pool.release(connection)
                if forWriting { await pool.releaseWriteLock() }
                throw error
            }
        }
    }
}

extension PostgresClient.Configuration {
    /// PostgresClient takes no URL; this carries over what `SQLPostgresConfiguration(url:)` parsed.
    init(_ connection: PostgresConnection.Configuration) {
        let tls: PostgresClient.Configuration.TLS = switch (connection.tls.isEnforced, connection.tls.isAllowed) {
        case (true, _): .require(connection.tls.sslContext!.configuration)
        case (_, true): .prefer(connection.tls.sslContext!.configuration)
        default: .disable
        }
        if let socket = connection.unixSocketPath {
            self.init(unixSocketPath: socket, username: connection.username, password: connection.password, database: connection.database)
        } else {
            self.init(host: connection.host ?? "localhost", port: connection.port ?? 5432, username: connection.username,
                      password: connection.password, database: connection.database, tls: tls)
        }
    }
}
