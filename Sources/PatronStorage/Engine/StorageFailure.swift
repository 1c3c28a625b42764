import Foundation
import PatronCore
import PostgresKit
import SQLiteKit

/// Tells an unreachable or unusable database apart from a bug: such failures become
/// `PatronError.storageUnavailable` (503, retry later) with a message that names the cause in words an
/// operator can act on, while every other error stays a 500. Engine-specific by nature, so it lives with
/// the engines.
enum StorageFailure {
    static func classify(_ error: any Error, url: DatabaseURL) -> PatronError? {
        switch error {
        case let error as PatronError:
            return error
        case let error as SQLiteError:
            return sqlite(error)
        case let error as PSQLError:
            return postgres(error, url: url)
        case let error as PostgresError:
            return .storageUnavailable(message: "PostgreSQL failed: \(error.description)")
        case let error as NIOConnectionError:
            return .storageUnavailable(message: "cannot connect to PostgreSQL at \(url.redactedHost): \(error.connectionErrors.first.map { "\($0.error)" } ?? "connection refused")")
        case let error as ChannelError:
            return .storageUnavailable(message: "the database connection failed: \(error)")
        default:
            return nil
        }
    }

    static func sqlite(_ error: SQLiteError) -> PatronError? {
        switch error.reason {
        case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot:
            return .storageUnavailable(message: "the SQLite database is busy; retry shortly")
        case .ioError, .full, .cantOpen, .readOnly, .notADatabase, .corrupt, .permission, .noMemory,
             .readonlyDirectory, .readonlyCantLock, .readonlyInRecovery, .readonlyInRollback, .readonlyBackingMoved,
             .cantOpenDirectory, .cantOpenInvalidPath:
            return .storageUnavailable(message: "the SQLite database cannot be used: \(error.message)")
        case .ioErrorFailedRead, .ioErrorIncompleteRead, .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedDirSync:
            return .storageUnavailable(message: "the SQLite database cannot be read or written: \(error.message)")
        default:
            return nil
        }
    }

    static func postgres(_ error: PSQLError, url: DatabaseURL) -> PatronError? {
        let host = url.redactedHost
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection:
            let cause = error.underlying.map { ": \($0)" } ?? ""
            return .storageUnavailable(message: "PostgreSQL at \(host) is unreachable\(cause)")
        case .sslUnsupported:
            return .storageUnavailable(message: "PostgreSQL at \(host) does not offer TLS, but the URL asks for it (sslmode=require); enable ssl on the server or change sslmode")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return .storageUnavailable(message: "TLS to PostgreSQL at \(host) failed; check the server certificate and sslmode")
        case .authMechanismRequiresPassword:
            return .storageUnavailable(message: "PostgreSQL at \(host) asks for a password, but the URL has none")
        case .unsupportedAuthMechanism, .saslError:
            return .storageUnavailable(message: "PostgreSQL at \(host) refused the sign-in method; check the user and password in the URL")
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? ""
            switch state {
            case "3D000":
                return .storageUnavailable(message: "PostgreSQL at \(host) has no database '\(url.databaseName ?? "?")': create it (createdb) or fix the URL")
            case "28P01", "28000":
                return .storageUnavailable(message: "PostgreSQL at \(host) refused the user or password in the URL: \(message)")
            case "53300":
                return .storageUnavailable(message: "PostgreSQL at \(host) has no free connections (too many clients)")
            case "57P01", "57P02", "57P03":
                return .storageUnavailable(message: "PostgreSQL at \(host) is shutting down or starting up")
            default:
                return state.hasPrefix("08") ? .storageUnavailable(message: "the connection to PostgreSQL at \(host) failed: \(message)") : nil
            }
        default:
            return nil
        }
    }
}
