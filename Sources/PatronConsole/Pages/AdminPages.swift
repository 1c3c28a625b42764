import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Catalogue, stores, staff and roles, API keys, audit log, membership programme and liability: one table
/// of routes, each page in its own file.
extension Console {
    func registerAdminPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        get(group, "catalogue") { console, _ in try await self.cataloguePage(console) }
        post(group, "catalogue/categories") { console, _ in try await self.createCategory(console) }
        get(group, "catalogue/products/new") { console, _ in try await self.productForm(console, id: nil) }
        post(group, "catalogue/products") { console, _ in try await self.saveProduct(console, id: nil) }
        get(group, "catalogue/products/:id") { console, id in try await self.productForm(console, id: id) }
        post(group, "catalogue/products/:id") { console, id in try await self.saveProduct(console, id: id) }

        get(group, "stores") { console, _ in try await self.storeList(console) }
        get(group, "stores/new") { console, _ in try await self.storeForm(console, id: nil) }
        post(group, "stores") { console, _ in try await self.saveStore(console, id: nil) }
        get(group, "stores/:id") { console, id in try await self.storeForm(console, id: id) }
        post(group, "stores/:id") { console, id in try await self.saveStore(console, id: id) }

        get(group, "staff") { console, _ in try await self.staffList(console) }
        get(group, "staff/new") { console, _ in try await self.newStaffForm(console) }
        post(group, "staff") { console, _ in try await self.createStaff(console) }
        get(group, "staff/:id") { console, id in try await self.staffPage(console, id: id) }
        post(group, "staff/:id") { console, id in try await self.updateStaff(console, id: id) }
        post(group, "staff/:id/password") { console, id in try await self.resetStaffPassword(console, id: id) }
        post(group, "staff/:id/unlock") { console, id in try await self.unlockStaff(console, id: id) }
        post(group, "staff/:id/deactivate") { console, id in try await self.deactivateStaff(console, id: id) }

        get(group, "roles") { console, _ in try await self.roleList(console) }
        get(group, "roles/new") { console, _ in try await self.roleForm(console, name: nil) }
        post(group, "roles") { console, _ in try await self.saveRole(console, name: nil) }
        get(group, "roles/:id") { console, name in try await self.roleForm(console, name: name) }
        post(group, "roles/:id") { console, name in try await self.saveRole(console, name: name) }
        post(group, "roles/:id/delete") { console, name in try await self.deleteRole(console, name: name) }

        get(group, "api-keys") { console, _ in try await self.apiKeyPage(console) }
        post(group, "api-keys") { console, _ in try await self.createAPIKey(console) }
        post(group, "api-keys/:id/revoke") { console, id in try await self.revokeAPIKey(console, id: id) }

        get(group, "audit") { console, _ in try await self.auditPage(console) }

        get(group, "jobs") { console, _ in try await self.jobsPage(console) }
        post(group, "jobs/:id/run") { console, name in try await self.runJob(console, name: name) }

        get(group, "membership") { console, _ in try await self.membershipPage(console) }
        post(group, "membership") { console, _ in try await self.saveProgramme(console) }

        get(group, "insight/settings") { console, _ in try await self.insightSettingsPage(console) }
        post(group, "insight/settings") { console, _ in try await self.saveInsightSettings(console) }
    }

    /// A signed-in GET page; the handler also receives the path's `:id`, if the route has one.
    private func get<Context: RequestContext>(_ group: RouterGroup<Context>, _ path: RouterPath,
                                              _ handler: @escaping @Sendable (ConsoleRequest, String?) async throws -> Response) {
        group.get(path) { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await handler($0, id) }
        }
    }

    private func post<Context: RequestContext>(_ group: RouterGroup<Context>, _ path: RouterPath,
                                               _ handler: @escaping @Sendable (ConsoleRequest, String?) async throws -> Response) {
        group.post(path) { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await handler($0, id) }
        }
    }
}
