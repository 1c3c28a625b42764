import Foundation

/// Holds background work back until the server has prepared the database (migrations, keys, demo data), so
/// that no job runs against a schema still being created or races the demo loader for the same rows.
public actor StartupGate {
    private var isOpen = false
    private var waiting: [UUID: CheckedContinuation<Void, Never>] = [:]

    public init() {}

    public func open() {
        isOpen = true
        for continuation in waiting.values { continuation.resume() }
        waiting.removeAll()
    }

    /// Returns when the gate opens, or at once when the waiting task is cancelled: a server whose preparation
    /// failed never opens it, and its shutdown must not wait forever on a scheduler still standing here.
    public func wait() async {
        if isOpen { return }
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if isOpen || Task.isCancelled {
                    continuation.resume()
                } else {
                    waiting[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.release(id) }
        }
    }

    private func release(_ id: UUID) {
        waiting.removeValue(forKey: id)?.resume()
    }
}
