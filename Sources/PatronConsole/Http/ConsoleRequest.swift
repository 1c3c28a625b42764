import Foundation
import PatronCore

/// One console request after its session was checked: who asks, in which language, with which form.
/// Page handlers take only this, so none can forget the session or the CSRF check.
struct ConsoleRequest: Sendable {
    let caller: Caller
    let member: StaffMember
    let language: ConsoleLanguage
    /// The token the page's forms must send back.
    let csrf: String
    let sessionDigest: String?
    let requestId: String?
    /// The path asked for, without the query, for navigation and the language switch's way back.
    let path: String
    let query: FormData
    /// The posted form; empty for GET.
    let form: FormData

    func holds(_ permission: Permission) -> Bool { caller.grants.holds(permission) }
}
