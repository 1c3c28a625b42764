import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Recording goods coming back: units per line, the refund per payment method and a reason, checked by the
/// refund rules in `OrderService.returnGoods`. "Calculate refund" fills the refund with what the chosen units
/// are worth after discounts, back to the original payment methods; left blank, the service does the same.
extension Console {
    func returnForm(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let form = try await returnable(console, id: rawId) else { return notFound(console) }
        return await returnPage(form, console)
    }

    func postReturn(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard var form = try await returnable(console, id: rawId) else { return notFound(console) }
        guard let request = form.read(console.form, readRefunds: true) else {
            return await returnPage(form, console, status: .unprocessableContent)
        }
        if console.form["action"] == "preview" {
            do {
                let (checked, _) = try RefundRules.check(OrderReturn(orderId: request.orderId, lines: request.lines, refunds: [], reason: request.reason),
                                                         order: form.order, earlier: form.earlier)
                form.fill(checked.refunds)
                return await returnPage(form, console)
            } catch {
                form.absorb(error, request: request)
                return await returnPage(form, console, status: .unprocessableContent)
            }
        }
        do {
            _ = try await services.sales.returnGoods(request, by: console.caller, requestId: console.requestId)
            return redirect(to: "/console/orders/\(form.order.id.uuidString.lowercased())?returned=1")
        } catch let error as PatronError where error.concernsTheForm {
            form.absorb(error, request: request)
            return await returnPage(form, console, status: .unprocessableContent)
        }
    }

    func returnPage(_ form: OrderReturnForm, _ console: ConsoleRequest, status: HTTPResponse.Status = .ok) async -> Response {
        var data = returnSection(form, names: await productNames(form.order, console), console)
        data["id"] = form.order.id.uuidString.lowercased()
        data["number"] = form.order.posNumber
        data["open"] = form.anythingLeft
        return page(status: status, "order-return", titleKey: "order_return.title", titleValues: ["number": form.order.posNumber],
                    data: data, console)
    }
}

extension PatronError {
    /// A refusal the user can fix in the form (a value, or an order closed meanwhile), as opposed to one the
    /// console answers with its own page (403, 404, database down).
    var concernsTheForm: Bool {
        switch self {
        case .invalid, .conflict: true
        default: false
        }
    }
}
