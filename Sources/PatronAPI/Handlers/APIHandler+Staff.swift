import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listStaff(_ input: Operations.ListStaff.Input) async throws -> Operations.ListStaff.Output {
        let page = try await services.staff.list(PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Staff.init), nextCursor: page.nextCursor))))
    }

    func getStaff(_ input: Operations.GetStaff.Input) async throws -> Operations.GetStaff.Output {
        .ok(.init(body: .json(.init(try await services.staff.find(uuid(input.path.staffId, field: "staffId"), by: caller)))))
    }

    func createStaff(_ input: Operations.CreateStaff.Input) async throws -> Operations.CreateStaff.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let member = try await services.staff.create(
            .init(username: body.username, displayName: body.displayName, department: try department(body.department),
                  homeStoreId: try body.homeStoreId.map { try uuid($0, field: "homeStoreId") }, roles: body.roles, password: body.password),
            by: caller, requestId: requestId)
        return .created(.init(body: .json(.init(member))))
    }

    func updateStaff(_ input: Operations.UpdateStaff.Input) async throws -> Operations.UpdateStaff.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        var changes = StaffService.Changes(displayName: body.displayName, department: try body.department.map(department),
                                           roles: body.roles, isActive: body.active, password: body.password)
        if let store = body.homeStoreId {
            guard body.allStores != true else {
                throw PatronError.invalid(field: "allStores", message: "give either homeStoreId or allStores, not both")
            }
            changes.homeStoreId = .some(try uuid(store, field: "homeStoreId"))
        } else if body.allStores == true {
            changes.homeStoreId = .some(nil)
        }
        let member = try await services.staff.update(try uuid(input.path.staffId, field: "staffId"), changes, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(member))))
    }

    func unlockStaff(_ input: Operations.UnlockStaff.Input) async throws -> Operations.UnlockStaff.Output {
        try await services.staff.unlock(try uuid(input.path.staffId, field: "staffId"), by: caller, requestId: requestId)
        return .noContent(.init())
    }

    private func department(_ value: Components.Schemas.Department) throws(PatronError) -> StaffMember.Department {
        guard let department = StaffMember.Department(rawValue: value.rawValue) else {
            throw .invalid(field: "department", message: "unknown department \(value.rawValue)")
        }
        return department
    }
}
