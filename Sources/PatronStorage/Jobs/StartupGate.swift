/// Holds background work back until the server has prepared the database (migrations, keys, demo data), so
/// that no job runs against a schema still being created or races the demo loader for the same rows.
public actor StartupGate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }

    public func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }
}
