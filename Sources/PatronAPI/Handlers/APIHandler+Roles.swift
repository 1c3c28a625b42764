import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listRoles(_ input: Operations.ListRoles.Input) async throws -> Operations.ListRoles.Output {
        .ok(.init(body: .json(.init(items: try await services.roles.list(by: caller).map(Components.Schemas.Role.init), nextCursor: nil))))
    }

    func getRole(_ input: Operations.GetRole.Input) async throws -> Operations.GetRole.Output {
        .ok(.init(body: .json(.init(try await services.roles.find(input.path.roleName, by: caller)))))
    }

    func createRole(_ input: Operations.CreateRole.Input) async throws -> Operations.CreateRole.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        return .created(.init(body: .json(.init(try await services.roles.create(role(body), by: caller, requestId: requestId)))))
    }

    func updateRole(_ input: Operations.UpdateRole.Input) async throws -> Operations.UpdateRole.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        guard body.name == input.path.roleName else {
            throw PatronError.invalid(field: "name", message: "a role cannot be renamed; the body's name must be \(input.path.roleName)")
        }
        return .ok(.init(body: .json(.init(try await services.roles.update(role(body), by: caller, requestId: requestId)))))
    }

    func deleteRole(_ input: Operations.DeleteRole.Input) async throws -> Operations.DeleteRole.Output {
        try await services.roles.delete(input.path.roleName, by: caller, requestId: requestId)
        return .noContent(.init())
    }

    private func role(_ body: Components.Schemas.RoleInput) throws(PatronError) -> Role {
        Role(name: body.name, nameZh: body.nameZh, nameEn: body.nameEn,
             permissions: try Permission.parse(body.permissions, field: "permissions"), storeScoped: body.storeScoped)
    }
}

extension Components.Schemas.Role {
    init(_ role: Role) {
        self.init(name: role.name, nameZh: role.nameZh, nameEn: role.nameEn, permissions: role.permissions.sorted().map(\.rawValue),
                  storeScoped: role.storeScoped, builtIn: role.builtIn)
    }
}
