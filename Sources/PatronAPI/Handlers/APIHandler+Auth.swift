import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let session = try await services.login.login(username: body.username, password: body.password,
                                                 clientAddress: RequestScope.clientAddress, requestId: requestId)
        return .ok(.init(body: .json(.init(token: session.token, expiresAt: session.expiresAt, staff: .init(session.member)))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        let caller = try caller
        try await services.login.logout(sessionDigest: RequestScope.sessionDigest, by: caller, requestId: requestId)
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let caller = try caller
        guard case .staff(let member) = caller.identity else {
            throw PatronError.forbidden(message: "/me describes staff accounts; an API key has no profile")
        }
        return .ok(.init(body: .json(.init(member, grants: caller.grants))))
    }

    func updateMe(_ input: Operations.UpdateMe.Input) async throws -> Operations.UpdateMe.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let caller = try caller
        let language = try body.language.map { value throws(PatronError) in
            guard let language = StaffMember.Language(rawValue: value.rawValue) else {
                throw .invalid(field: "language", message: "unknown language \(value.rawValue)")
            }
            return language
        }
        let member = try await services.staff.setLanguage(language, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(member, grants: caller.grants))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        try await services.login.changePassword(current: body.currentPassword, new: body.newPassword, by: caller, requestId: requestId)
        return .noContent(.init())
    }
}

extension Components.Schemas.Me {
    init(_ member: StaffMember, grants: Grants) {
        self.init(staff: .init(member), roles: member.roles, permissions: grants.everywhere.sorted().map(\.rawValue),
                  storeScopedPermissions: grants.inHomeStore.sorted().map(\.rawValue),
                  language: member.language.flatMap { .init(rawValue: $0.rawValue) })
    }
}

extension Components.Schemas.Staff {
    init(_ member: StaffMember) {
        self.init(id: member.id.apiString, username: member.username, displayName: member.displayName,
                  department: .init(rawValue: member.department.rawValue) ?? .sales,
                  homeStoreId: member.homeStoreId?.apiString, roles: member.roles, active: member.isActive, createdAt: member.createdAt)
    }
}
