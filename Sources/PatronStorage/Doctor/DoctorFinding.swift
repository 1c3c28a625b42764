import Foundation

/// One thing `patron doctor` found unsafe or broken: how bad it is, what it is, and how to fix it.
public struct DoctorFinding: Hashable, Sendable {
    public enum Severity: String, Hashable, Sendable {
        /// Data is exposed or unreadable, or the server will refuse to start.
        case critical
        /// Unsafe or inconsistent, but the server runs.
        case warning
    }

    public var severity: Severity
    /// A stable name for scripts and tests, e.g. `demo_password`.
    public var check: String
    public var what: String
    public var fix: String

    public init(_ severity: Severity, _ check: String, what: String, fix: String) {
        self.severity = severity
        self.check = check
        self.what = what
        self.fix = fix
    }
}
