import Foundation
import Logging
import NIOCore
import NIOPosix
import PatronCore
import SQLiteNIO

/// A few SQLite connections to one WAL-mode file. Readers share the pool freely; writers additionally take
/// `writeLock`, because SQLite allows one writer at a time and queueing here is fairer than spinning on
/// `SQLITE_BUSY`.
actor SQLiteConnectionPool {
    private var idle: [SQLiteConnection] = []
    private var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []
    private var all: [SQLiteConnection] = []
    private var writerBusy = false
    private var writeWaiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    /// Each connection's page cache: 64 MB, or `PATRON_SQLITE_CACHE_MB` (16–65,536) for a file of millions of
    /// members, whose index pages then stay in memory while orders arrive in no particular key order.
    static let cacheKiB: Int = {
        guard let raw = ProcessInfo.processInfo.environment["PATRON_SQLITE_CACHE_MB"],
              let megabytes = Int(raw.trimmingCharacters(in: .whitespaces)), (16...65_536).contains(megabytes) else { return 65_536 }
        return megabytes * 1_024
    }()

    static func open(path: String, size: Int, logger: Logger) async throws -> SQLiteConnectionPool {
        let pool = SQLiteConnectionPool()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw PatronError.storageUnavailable(message: "the directory \(directory) for the SQLite database does not exist")
        }
        for index in 0..<max(1, size) {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            if index == 0 {
                _ = try await connection.query("PRAGMA journal_mode = WAL")
            }
            for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA synchronous = NORMAL",
                           "PRAGMA cache_size = -\(cacheKiB)", "PRAGMA mmap_size = 268435456", "PRAGMA temp_store = MEMORY"] {
                _ = try await connection.query(pragma)
            }
            await pool.add(connection)
        }
        return pool
    }

    private func add(_ connection: SQLiteConnection) {
        all.append(connection)
        idle.append(connection)
    }

    func lease() async throws -> SQLiteConnection {
        guard !closed else { throw PatronError.storageUnavailable(message: "the database is closed") }
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ connection: SQLiteConnection) {
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    func acquireWriteLock() async {
        if !writerBusy {
            writerBusy = true
            return
        }
        await withCheckedContinuation { writeWaiters.append($0) }
    }

    func releaseWriteLock() {
        if writeWaiters.isEmpty {
            writerBusy = false
        } else {
            writeWaiters.removeFirst().resume()
        }
    }

    func close() async {
        guard !closed else { return }
        closed = true
        for connection in all {
            try? await connection.close().get()
        }
        idle.removeAll()
    }
}
