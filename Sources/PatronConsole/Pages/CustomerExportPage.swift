import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// A data-subject access request: a page that says what the file holds and that the export is recorded,
/// and a POST (the export is audited, so it needs the form's CSRF token) that answers the JSON download.
extension Console {
    func exportPage(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        try console.caller.require(.customersExport)
        let customer = try await services.customers.find(id, by: console.caller)
        let name = CustomerView.masked(customer).name
        return page("customer-export", titleKey: "customer_export.title", titleValues: ["name": name],
                    data: ["id": id.uuidString.lowercased(), "name": name], console)
    }

    func exportCustomer(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let export = try await services.customers.export(id, by: console.caller, requestId: console.requestId)
        let points = try await services.membership.exportLedger(of: id, by: console.caller)
        let body = try CustomerExportDocument(export, points: points).encoded()
        return Response(status: .ok, headers: [
            .contentType: "application/json; charset=utf-8",
            .contentDisposition: "attachment; filename=\"customer-\(id.uuidString.lowercased()).json\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
