import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let session = try await login.login(username: body.username, password: body.password,
                                                 clientAddress: RequestScope.clientAddress, requestId: requestId)
        return .ok(.init(body: .json(.init(token: session.token, expiresAt: session.expiresAt, staff: .init(session.member)))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        let caller = try caller
        try await login.logout(sessionDigest: RequestScope.sessionDigest, by: caller, requestId: requestId)
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let caller = try caller
        guard case .staff(let member) = caller.identity else {
            throw PatronError.forbidden(message: "/me describes staff accounts; an API key has no profile")
        }
        return .ok(.init(body: .json(.init(staff: .init(member), roles: member.roles,
                                           permissions: caller.grants.everywhere.sorted().map(\.rawValue),
                                           storeScopedPermissions: caller.grants.inHomeStore.sorted().map(\.rawValue)))))
    }
}

extension Components.Schemas.Staff {
    init(_ member: StaffMember) {
        self.init(id: member.id.apiString, username: member.username, displayName: member.displayName,
                  department: .init(rawValue: member.department.rawValue) ?? .sales,
                  homeStoreId: member.homeStoreId?.apiString, roles: member.roles, active: member.isActive, createdAt: member.createdAt)
    }
}
