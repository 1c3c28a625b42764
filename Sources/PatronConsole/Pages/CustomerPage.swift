import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The customer 360 as of now: profile (masked unless revealed for a stated purpose), tier and progress,
/// points with every open lot, consents with their history, orders and the change history.
extension Console {
    func customerPage(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        let customer = try await services.customers.find(id, by: console.caller)
        return try await customerPage(console, customer: customer, view: .masked(customer), revealError: nil)
    }

    /// POST: reveals the personal fields for the purpose given; the service audits the reveal (or the refusal).
    func revealCustomer(_ console: ConsoleRequest, id rawId: String?) async throws -> Response {
        guard let id = Self.id(rawId) else { return notFound(console) }
        do {
            let view = try await services.customers.reveal(id, fields: nil, purpose: console.form["purpose"] ?? "",
                                                            by: console.caller, requestId: console.requestId)
            return try await customerPage(console, customer: view.customer, view: view, revealError: nil)
        } catch PatronError.invalid(_, _) {
            let customer = try await services.customers.find(id, by: console.caller)
            return try await customerPage(console, customer: customer, view: .masked(customer),
                                          revealError: text("customer.reveal_purpose_invalid", console), status: .unprocessableContent)
        }
    }

    func customerPage(_ console: ConsoleRequest, customer: Customer, view: CustomerView, revealError: String?,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let caller = console.caller
        let names = await storeNames(console)
        let programme = try? await services.membership.programme(by: console.caller)
        var data: [String: Any] = [
            "id": customer.id.uuidString.lowercased(),
            "profile": profile(view, customer: customer, storeNames: names, console),
            "masked": view.masked,
            "canReveal": view.masked && console.holds(.customersReadPII),
            "cannotReveal": view.masked && !console.holds(.customersReadPII),
            "canEdit": console.holds(.customersWrite),
            "canExport": console.holds(.customersExport),
            "canErase": console.holds(.customersErase),
        ]
        if let revealError { data["revealError"] = revealError }
        let summary = try await services.membership.summary(of: customer.id, by: caller)
        data["membership"] = membership(summary, programme: programme, console)
        data["consents"] = try await consents(customer.id, console)
        if console.holds(.ordersRead) {
            let orders = try await services.orders.list(OrderFilter(customerId: customer.id), page: try PageRequest(limit: 20), by: caller)
            data["orders"] = orders.items.map { order -> [String: Any] in
                ["id": order.id.uuidString.lowercased(), "number": order.posNumber, "time": format.time(order.occurredAt),
                 "store": names[order.storeId] ?? "", "total": ConsoleFormat.money(order.totalMinor, order.currency),
                 "status": text("order_status.\(order.status.rawValue)", console)]
            }
            data["hasOrders"] = !orders.items.isEmpty
            data["showOrders"] = true
        }
        data["c360"] = try await customer360Panel(for: customer.id, console)
        data["insight"] = try await customerInsightPanel(for: customer.id, console)
        data["timeline"] = try await timelinePanel(for: customer.id, console)
        let history = try await services.customers.history(customer.id, page: try PageRequest(limit: 30), by: caller)
        data["history"] = history.items.map { change -> [String: Any] in
            ["time": format.time(change.at), "who": change.actor.name ?? change.actor.kind.rawValue, "field": change.field,
             "old": change.oldValue ?? "", "new": change.newValue ?? "", "channel": change.channel]
        }
        data["hasHistory"] = !history.items.isEmpty
        return page(status: status, "customer", titleKey: "customer.title", titleValues: ["name": view.name], data: data, console)
    }

    func profile(_ view: CustomerView, customer: Customer, storeNames: [Store.ID: String], _ console: ConsoleRequest) -> [[String: Any]] {
        var rows: [(String, String?)] = [
            ("name", view.name), ("mobile", view.mobile), ("email", view.email),
            ("gender", text("gender.\(customer.gender.rawValue)", console)),
            ("birthday", view.birthday.map { customer.birthdayIsLunar ? "\($0) (\(text("customer.lunar", console)))" : $0 }),
            ("address", view.address), ("store", customer.preferredStoreId.flatMap { storeNames[$0] }),
            ("source", text("source_channel.\(customer.sourceChannel.rawValue)", console)),
            ("wechat", view.wechatUnionId), ("pos_member", view.posMemberNumber),
            ("tags", customer.tags.isEmpty ? nil : customer.tags.joined(separator: ", ")), ("notes", view.notes),
            ("created", format.time(customer.createdAt)),
        ]
        rows = rows.filter { $0.1?.isEmpty == false }
        return rows.map { ["label": text("customer.field.\($0.0)", console), "value": $0.1 ?? "", "field": $0.0] }
    }

    func membership(_ summary: MembershipSummary, programme: MembershipProgramme?, _ console: ConsoleRequest) -> [String: Any] {
        let list = benefitTexts(summary.tier.benefits, console)
        let points = summary.points
        let lots = points.lots.filter { $0.remaining > 0 }.map { lot -> [String: Any] in
            ["earned": format.day(lot.earnedAt), "available": format.day(lot.availableAt),
             "expires": lot.expiresAt.map(format.day) ?? text("customer.never", console),
             "points": ConsoleFormat.number(lot.points), "remaining": ConsoleFormat.number(lot.remaining)]
        }
        var data: [String: Any] = [
            "tier": console.language == .zhCN ? summary.tier.nameZh : summary.tier.nameEn,
            "since": format.day(summary.since),
            "benefits": list, "hasBenefits": !list.isEmpty,
            "balance": ConsoleFormat.number(points.balance), "available": ConsoleFormat.number(points.available),
            "pending": ConsoleFormat.number(points.pending), "value": ConsoleFormat.money(points.valueMinor),
            "lots": lots, "hasLots": !lots.isEmpty,
        ]
        if let progress = summary.progress {
            data["progress"] = ["next": console.language == .zhCN ? progress.tier.nameZh : progress.tier.nameEn,
                                "message": console.language == .zhCN ? progress.messageZh : progress.message]
        }
        if let override = summary.override {
            data["override"] = ["tier": tierName(override.tier, programme, console), "until": format.day(override.until)]
        }
        return data
    }

    /// A tier's benefits as staff read them out to a customer, one phrase each.
    func benefitTexts(_ benefits: MembershipProgramme.Benefits, _ console: ConsoleRequest) -> [String] {
        var list: [String] = []
        if benefits.pointsMultiplierPercent != 100 { list.append(text("benefit.multiplier", console, ["percent": String(benefits.pointsMultiplierPercent)])) }
        if benefits.memberDiscountPercent > 0 { list.append(text("benefit.discount", console, ["percent": String(benefits.memberDiscountPercent)])) }
        if benefits.birthdayBonusPoints > 0 { list.append(text("benefit.birthday", console, ["points": ConsoleFormat.number(benefits.birthdayBonusPoints)])) }
        if benefits.freeShipping { list.append(text("benefit.free_shipping", console)) }
        if benefits.eventAccess { list.append(text("benefit.events", console)) }
        if benefits.servicePriority > 0 { list.append(text("benefit.priority", console, ["level": String(benefits.servicePriority)])) }
        return list
    }

    func consents(_ id: Customer.ID, _ console: ConsoleRequest) async throws -> [String: Any] {
        let consents = try await services.customers.consents(id, by: console.caller)
        let current = ConsentRecord.Channel.allCases.map { channel -> [String: Any] in
            let latest = consents.current(for: channel)
            return ["channel": text("consent_channel.\(channel.rawValue)", console),
                    "state": text(latest.map { $0.granted ? "consent.granted" : "consent.withdrawn" } ?? "consent.unknown", console),
                    "granted": latest?.granted == true, "since": format.time(latest?.recordedAt)]
        }
        let history = consents.history.map { record -> [String: Any] in
            ["time": format.time(record.recordedAt), "channel": text("consent_channel.\(record.channel.rawValue)", console),
             "state": text(record.granted ? "consent.granted" : "consent.withdrawn", console), "source": record.source,
             "by": record.recordedBy ?? ""]
        }
        return ["current": current, "history": history, "hasHistory": !history.isEmpty]
    }
}
