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
            try await probe(configuration.coreConfiguration, url: url, logger: logger)
            var clientConfiguration = PostgresClient.Configuration(configuration.coreConfiguration)
            clientConfiguration.options.connectTimeout = connectTimeout
            let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
            return Database(url: url, backend: .postgres(client), logger: logger)
        }
    }

    /// How long a PostgreSQL connection may take to open, and a request may wait for one from the pool: long
    /// enough that a busy pool only queues (50 concurrent writers on one row pass on 2 cores), short enough that
    /// a lost server answers 503 instead of hanging the client. `PATRON_DATABASE_POOL_WAIT_SECONDS` (1–600)
    /// changes the wait, for an installation whose bursts queue longer or a test run sharing two cores.
    static let connectTimeout: Duration = .seconds(5)
    static let acquireTimeout: Duration = {
        guard let raw = ProcessInfo.processInfo.environment["PATRON_DATABASE_POOL_WAIT_SECONDS"],
              let seconds = Int(raw.trimmingCharacters(in: .whitespaces)), (1...600).contains(seconds) else { return .seconds(30) }
        return .seconds(seconds)
    }()

    /// Opens and closes one connection before the pool exists, so that a wrong host, password, database name
    /// or TLS setting is reported at once and by name, instead of as a pool that never fills.
    private static func probe(_ configuration: PostgresConnection.Configuration, url: DatabaseURL, logger: Logger) async throws {
        let failure = PatronError.storageUnavailable(message: "PostgreSQL at \(url.redactedHost) did not answer within \(connectTimeout)")
        do {
            try await Deadline.acquiring(within: connectTimeout + .seconds(1), failure: failure) { started in
                started()
                var options = configuration
                options.options.connectTimeout = TimeAmount.seconds(connectTimeout.components.seconds)
                let connection = try await PostgresConnection.connect(configuration: options, id: 0, logger: logger)
                try? await connection.close()
            }
        } catch let error as PatronError {
            throw error
        } catch {
            throw StorageFailure.classify(error, url: url) ?? PatronError.storageUnavailable(message: "cannot connect to PostgreSQL at \(url.redactedHost): \(String(describing: error).prefix(200))")
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

    /// Closes a database that never ran as a service (start-up failed before the server began), so its
    /// SQLite connections are not dropped open.
    public func closeUnstarted() async {
        if case .sqlite(let pool, _) = backend { await pool.close() }
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
            try await sql.raw(self.dialect.beginWrite).run()
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

    /// Nil when a trivial query succeeds within `limit`, else why not: what `/ready` reports.
    public func unavailability(within limit: Duration = .seconds(4)) async -> PatronError? {
        let failure = PatronError.storageUnavailable(message: "the database did not answer within \(limit)")
        do {
            _ = try await Deadline.acquiring(within: limit, failure: failure) { _ in
                try await self.read { try await $0.raw("SELECT 1 AS one").first() }
            }
            return nil
        } catch {
            return StorageFailure.classify(error, url: url) ?? .storageUnavailable(message: "the database does not answer")
        }
    }

    /// Maps an unreachable or unusable database to `storageUnavailable`; every other error passes unchanged.
    private func withConnection<T: Sendable>(forWriting: Bool,
                                             _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await withRawConnection(forWriting: forWriting, body)
        } catch {
            throw StorageFailure.classify(error, url: url) ?? error
        }
    }

    private func withRawConnection<T: Sendable>(forWriting: Bool,
                                                _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .postgres(let client):
            let failure = PatronError.storageUnavailable(message: "no PostgreSQL connection to \(url.redactedHost) within \(Self.acquireTimeout)")
            return try await Deadline.acquiring(within: Self.acquireTimeout, failure: failure) { started in
                try await client.withConnection { connection in
                    started()
                    return try await body(connection.sql(queryLogLevel: .trace))
                }
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
