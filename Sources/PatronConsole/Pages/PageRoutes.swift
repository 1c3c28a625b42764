import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Every signed-in page and form of the console, in one table. Each handler receives a `ConsoleRequest`
/// whose session and CSRF token were already checked by `serve`.
extension Console {
    func registerPages<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get { request, _ in await self.serve(request) { try await self.home($0) } }
        group.get("customers") { request, _ in await self.serve(request) { try await self.customerList($0) } }
        group.get("customers/:id") { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await self.customerPage($0, id: id) }
        }
        group.post("customers/:id/reveal") { request, context in
            let id = context.parameters.get("id")
            return await self.serve(request) { try await self.revealCustomer($0, id: id) }
        }
        registerCustomerActionPages(on: group)
        registerCustomer360Pages(on: group)
        registerOrderPages(on: group)
        registerTicketPages(on: group)
        registerAdminPages(on: group)
        registerPasswordPage(on: group)
        registerSurveyPages(on: group)
        registerSuggestionPages(on: group)
        registerSLAPages(on: group)
        registerInsightPages(on: group)
    }
}
