import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Customer create and edit, merge with preview, export download and erase with typed confirmation.
extension Console {
    /// A page handler for `customers/:id/...`.
    typealias CustomerAction = @Sendable (Console) -> (ConsoleRequest, String?) async throws -> Response

    func registerCustomerActionPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("customers/new") { request, _ in await self.serve(request) { try await self.newCustomerForm($0) } }
        group.post("customers/new") { request, _ in await self.serve(request) { try await self.createCustomer($0) } }
        let actions: [(HTTPRequest.Method, String, CustomerAction)] = [
            (.get, "edit", { $0.editCustomerForm }), (.post, "edit", { $0.updateCustomer }),
            (.get, "merge", { $0.mergePage }), (.post, "merge", { $0.mergeCustomers }),
            (.get, "export", { $0.exportPage }), (.post, "export", { $0.exportCustomer }),
            (.get, "erase", { $0.erasePage }), (.post, "erase", { $0.eraseCustomer }),
        ]
        for (method, action, handler) in actions {
            group.on("customers/:id/\(action)", method: method) { request, context in
                let id = context.parameters.get("id")
                return await self.serve(request) { try await handler(self)($0, id) }
            }
        }
    }
}
