import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Staff change their own password: the current one is required (a wrong one counts as a failed sign-in,
/// so the lock-out applies), the new one must pass the password policy, and other sessions end.
extension Console {
    func registerPasswordPage<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("password") { request, _ in await self.serve(request) { self.passwordForm($0) } }
        group.post("password") { request, _ in await self.serve(request) { try await self.changePassword($0) } }
    }

    func passwordForm(_ console: ConsoleRequest, status: HTTPResponse.Status = .ok, errors: [String: String] = [:],
                      changed: Bool = false) -> Response {
        var data: [String: Any] = ["errors": errors]
        if changed { data["changed"] = true }
        return page(status: status, "password", titleKey: "password.title", data: data, console)
    }

    func changePassword(_ console: ConsoleRequest) async throws -> Response {
        let current = console.form.fields.first { $0.name == "current" }?.value ?? ""
        let new = console.form.fields.first { $0.name == "new" }?.value ?? ""
        let repeated = console.form.fields.first { $0.name == "repeat" }?.value ?? ""
        guard new == repeated else {
            return passwordForm(console, status: .unprocessableContent, errors: ["repeat": text("password.mismatch", console)])
        }
        do {
            try await services.login.changePassword(current: current, new: new, by: console.caller, requestId: console.requestId)
            return passwordForm(console, changed: true)
        } catch PatronError.invalid(let field, _) {
            let key = field == "currentPassword" ? "current" : "new"
            let shown = text(key == "current" ? "password.wrong_current" : "password.rules", console)
            return passwordForm(console, status: .unprocessableContent, errors: [key: shown])
        } catch PatronError.accountLocked(let until) {
            return passwordForm(console, status: HTTPResponse.Status(code: 423),
                                errors: ["current": text("sign_in.locked", console, ["until": format.time(until)])])
        }
    }
}
